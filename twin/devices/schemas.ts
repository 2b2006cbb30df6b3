/**
 * JSON Schemas (TypeBox) generated from the device specs, for the platform's HTTP routes and OpenAPI.
 * Units go into `description` rather than a custom keyword so strict validators accept the schemas.
 */
import { Type, type TObject, type TSchema } from 'typebox';
import { DEVICE_TYPES, type DeviceType } from './device-type.ts';
import type { FieldSpec } from './fields.ts';
import { DEVICE_SPECS } from './specs.ts';

/** The schema of one field. */
export function fieldSchema(spec: FieldSpec): TSchema {
  const description = spec.unit === undefined ? spec.description : `${spec.description} (${spec.unit})`;
  switch (spec.kind) {
    case 'boolean':
      return Type.Boolean({ description });
    case 'string':
      return spec.enum === undefined
        ? Type.String({ description })
        : Type.Enum([...spec.enum], { description });
    case 'integer':
    case 'number': {
      const bounds: { minimum?: number; maximum?: number; description: string } = { description };
      if (spec.min !== undefined) bounds.minimum = spec.min;
      if (spec.max !== undefined) bounds.maximum = spec.max;
      return spec.kind === 'integer' ? Type.Integer(bounds) : Type.Number(bounds);
    }
  }
}

function objectOf(fields: Record<string, FieldSpec>, nullable: boolean, description: string): TObject {
  const properties: Record<string, TSchema> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const schema = fieldSchema(spec);
    properties[name] = Type.Optional(nullable ? Type.Union([schema, Type.Null()]) : schema);
  }
  return Type.Object(properties, { additionalProperties: false, description });
}

function perType<T>(build: (type: DeviceType) => T): Readonly<Record<DeviceType, T>> {
  const out = {} as Record<DeviceType, T>;
  for (const type of DEVICE_TYPES) out[type] = build(type);
  return Object.freeze(out);
}

/** `fields` of a telemetry message, per device type: every field optional, no unknown fields. */
export const TELEMETRY_FIELDS_SCHEMAS = perType((type) =>
  objectOf(DEVICE_SPECS[type].telemetry, false, `Telemetry fields of a ${type}`),
);

/** A desired-state patch, per device type: `null` deletes a property. */
export const DESIRED_SCHEMAS = perType((type) =>
  objectOf(DEVICE_SPECS[type].desired, true, `Desired-state patch of a ${type} (null deletes a property)`),
);

/** Parameters of each command, per device type. */
export const COMMAND_PARAMS_SCHEMAS = perType((type) => {
  const out: Record<string, TObject> = {};
  for (const [name, spec] of Object.entries(DEVICE_SPECS[type].commands)) {
    out[name] = objectOf(spec.params, false, `Parameters of ${type} command ${name}: ${spec.description}`);
  }
  return Object.freeze(out);
});
