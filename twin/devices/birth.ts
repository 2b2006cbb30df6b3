/**
 * What a status (birth) message may say about the device besides being online: `name`, `tags`
 * (string values), `location`, and the identity fields `serial`, `mac`, `model`. Malformed details
 * are left out, not rejected: the status itself still counts.
 */
import { Type, type Static } from 'typebox';
import { LOCATION_NUMBER_FIELDS, LOCATION_TEXT_FIELDS, LocationSchema, type Location } from './location.ts';

/** The optional birth details of a status message (documented; read leniently by `birthDetails`). */
export const BirthDetailsSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Display name' })),
    tags: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'At most 50 tags' })),
    location: Type.Optional(LocationSchema),
    serial: Type.Optional(Type.String({ description: 'Serial number' })),
    mac: Type.Optional(Type.String({ description: 'MAC address, aa:bb:cc:dd:ee:ff' })),
    model: Type.Optional(Type.String({ description: 'Product model, e.g. TB-SB3-16C' })),
    reason: Type.Optional(
      Type.String({ description: 'Why a device went offline, e.g. last_will or disconnected' }),
    ),
  },
  { description: 'Optional details of a status message' },
);

/** The fields of a status message beyond `online`, `type`, `fw_version` and `ts`. */
export const BIRTH_FIELDS = Object.freeze(Object.keys(BirthDetailsSchema.properties));

/** The details the platform keeps from a birth message. */
export interface BirthDetails {
  name?: string;
  tags?: Record<string, string>;
  location?: Location;
}

const MAX_NAME = 200;
const MAX_TAGS = 50;

/** The well-formed details of a status message body (anything malformed is left out). */
export function birthDetails(body: unknown): BirthDetails {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const out: BirthDetails = {};
  if (typeof b.name === 'string' && b.name.length > 0 && b.name.length <= MAX_NAME) out.name = b.name;
  if (typeof b.tags === 'object' && b.tags !== null && !Array.isArray(b.tags)) {
    const tags = Object.entries(b.tags as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    if (tags.length > 0) out.tags = Object.fromEntries(tags.slice(0, MAX_TAGS));
  }
  if (typeof b.location === 'object' && b.location !== null) {
    const l = b.location as Record<string, unknown>;
    const loc: Location = {};
    for (const k of LOCATION_TEXT_FIELDS) if (typeof l[k] === 'string') loc[k] = l[k];
    for (const k of LOCATION_NUMBER_FIELDS)
      if (typeof l[k] === 'number' && Number.isFinite(l[k])) loc[k] = l[k];
    if (Object.keys(loc).length > 0) out.location = loc;
  }
  return out;
}

export type BirthDetailsDocument = Static<typeof BirthDetailsSchema>;
