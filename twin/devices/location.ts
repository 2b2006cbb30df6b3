/** Where a device is: what the platform keeps as `location` and a birth message may announce. */
import { Type, type Static } from 'typebox';

export const LocationSchema = Type.Object(
  {
    site: Type.Optional(Type.String()),
    building: Type.Optional(Type.String()),
    floor: Type.Optional(Type.String()),
    room: Type.Optional(Type.String()),
    x: Type.Optional(Type.Number({ description: "Metres east in the site's frame" })),
    y: Type.Optional(Type.Number({ description: "Metres north in the site's frame" })),
    z: Type.Optional(Type.Number({ description: 'Metres up from the ground floor' })),
  },
  {
    additionalProperties: false,
    description: 'Where a device is: site, building, floor, room and x/y/z in metres',
  },
);

/** A device's location; every field optional. */
export type Location = Static<typeof LocationSchema>;

export const LOCATION_TEXT_FIELDS = Object.freeze(['site', 'building', 'floor', 'room'] as const);
export const LOCATION_NUMBER_FIELDS = Object.freeze(['x', 'y', 'z'] as const);
