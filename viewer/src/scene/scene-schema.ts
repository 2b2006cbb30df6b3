/**
 * The scene file's schema (TypeBox, so the JSON Schema in viewer/scene.schema.json and the TypeScript
 * types come from one place). Coordinates are metres in the site's frame: x east, y north, z up, the
 * frame the registry's `location.x/y/z` use.
 */
import { Type, type Static } from 'typebox';

const Vec3 = Type.Tuple([Type.Number(), Type.Number(), Type.Number()], { description: '[x, y, z] in m' });
const Value = Type.Union([Type.Number(), Type.Boolean(), Type.String()]);

export const ConditionSchema = Type.Object(
  {
    field: Type.Optional(Type.String({ description: 'a telemetry field or reported shadow property' })),
    eq: Type.Optional(Value),
    ne: Type.Optional(Value),
    lt: Type.Optional(Type.Number()),
    lte: Type.Optional(Type.Number()),
    gt: Type.Optional(Type.Number()),
    gte: Type.Optional(Type.Number()),
    online: Type.Optional(Type.Boolean()),
    event: Type.Optional(Type.String({ description: 'an event type (motion, trip…) seen within withinMs' })),
    withinMs: Type.Optional(Type.Integer({ minimum: 1, description: 'default 10000' })),
  },
  { additionalProperties: false },
);

const Hex = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' });

export const BindingRuleSchema = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    ids: Type.Optional(Type.Array(Type.String())),
    tag: Type.Optional(Type.String({ description: 'key or key:value' })),
    when: Type.Optional(ConditionSchema),
    color: Type.Optional(
      Type.Union([
        Hex,
        Type.Object(
          {
            field: Type.String(),
            stops: Type.Array(Type.Tuple([Type.Number(), Hex]), { minItems: 2 }),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
    blink: Type.Optional(Type.Boolean()),
    visible: Type.Optional(Type.Boolean()),
    label: Type.Optional(Type.String({ description: 'template, {field} is replaced by its value' })),
    legend: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PlacementSchema = Type.Object(
  {
    device: Type.String({ description: 'device id' }),
    at: Type.Optional(Vec3),
    model: Type.Optional(Type.Union([Type.Literal('panel'), Type.Literal('puck'), Type.Literal('camera')])),
    panel: Type.Optional(Type.String({ description: 'breakers sharing a panel id hang in one panel' })),
  },
  { additionalProperties: false },
);

export const RoomSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.Optional(Type.String()),
    rect: Type.Tuple(
      [
        Type.Number(),
        Type.Number(),
        Type.Number({ exclusiveMinimum: 0 }),
        Type.Number({ exclusiveMinimum: 0 }),
      ],
      {
        description: '[x, y, width, depth]: the south-west corner and the size, m',
      },
    ),
    placements: Type.Optional(Type.Array(PlacementSchema)),
  },
  { additionalProperties: false },
);

export const FloorSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: "matches a device's location.floor" }),
    name: Type.Optional(Type.String()),
    elevation: Type.Optional(Type.Number({ description: 'm; default the floor index × 3.5' })),
    height: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'm; default 3.5' })),
    rooms: Type.Array(RoomSchema),
  },
  { additionalProperties: false },
);

export const BuildingSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: "matches a device's location.building" }),
    name: Type.Optional(Type.String()),
    floors: Type.Array(FloorSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const CameraPresetSchema = Type.Object(
  { name: Type.String({ minLength: 1 }), position: Vec3, target: Vec3 },
  { additionalProperties: false },
);

export const SceneSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    site: Type.Object({ name: Type.String() }, { additionalProperties: false }),
    buildings: Type.Array(BuildingSchema),
    cameras: Type.Optional(Type.Array(CameraPresetSchema)),
    bindings: Type.Optional(Type.Array(BindingRuleSchema)),
    defaultBindings: Type.Optional(
      Type.Boolean({ description: 'start from the per-type defaults; default true' }),
    ),
    unplaced: Type.Optional(
      Type.Union([Type.Literal('grid'), Type.Literal('hide')], {
        description: 'devices no room holds: laid out on a grid beside the site (default) or hidden',
      }),
    ),
  },
  { additionalProperties: false, title: 'twinbench viewer scene' },
);

export type SceneFile = Static<typeof SceneSchema>;
export type SceneBuilding = Static<typeof BuildingSchema>;
export type SceneFloor = Static<typeof FloorSchema>;
export type SceneRoom = Static<typeof RoomSchema>;
export type ScenePlacement = Static<typeof PlacementSchema>;
export type CameraPreset = Static<typeof CameraPresetSchema>;
