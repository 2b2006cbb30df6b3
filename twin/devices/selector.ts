/**
 * Device selectors: which devices a fault, a query or a stream applies to. `ids`, `type` and `tag`
 * filter (`matchesSelector`); `fraction` and `count` then sample the matches, which the owner of the
 * devices does with its own seeded random stream (the simulator's `selectDevices`).
 */
import { Type, type Static } from 'typebox';
import { DEVICE_TYPES } from './device-type.ts';
import { DEVICE_TYPE_NAME_PATTERN } from './type-file-schema.ts';

export const DeviceSelectorSchema = Type.Object(
  {
    ids: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    type: Type.Optional(
      Type.String({
        pattern: DEVICE_TYPE_NAME_PATTERN,
        description: `Device type: ${DEVICE_TYPES.join(' | ')}, or a type loaded from a device-type file`,
      }),
    ),
    tag: Type.Optional(Type.String({ minLength: 1, description: 'key:value or key' })),
    fraction: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    count: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, description: 'A set of devices: ids, type, tag, then fraction or count' },
);

/** Which devices something applies to; every given criterion must hold. */
export interface DeviceSelector {
  ids?: string[];
  /** Device type (one of DEVICE_TYPES or a registered type; the platform also knows `generic`). */
  type?: string;
  /** `key:value` or `key` (any value) among the device's tags. */
  tag?: string;
  /** This fraction of the matching devices (at least one), picked with the owner's seed. */
  fraction?: number;
  /** This many of the matching devices, picked with the owner's seed. */
  count?: number;
}

/** What a selector looks at. */
export interface SelectableDevice {
  readonly id: string;
  readonly type: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** `key:value` (split at the first colon: values may hold colons) or `key` (present, any value). */
export function matchesTag(tags: Readonly<Record<string, string>>, tag: string): boolean {
  const at = tag.indexOf(':');
  if (at < 0) return Object.hasOwn(tags, tag);
  const key = tag.slice(0, at);
  return Object.hasOwn(tags, key) && tags[key] === tag.slice(at + 1);
}

/**
 * Whether `device` passes the selector's filters (`ids`, `type`, `tag`); `fraction` and `count` are
 * sampling, not matching, and are ignored here. An empty `ids` list filters nothing.
 */
export function matchesSelector(
  device: SelectableDevice,
  selector: Pick<DeviceSelector, 'ids' | 'type' | 'tag'>,
): boolean {
  if (selector.ids && selector.ids.length > 0 && !selector.ids.includes(device.id)) return false;
  if (selector.type && device.type !== selector.type) return false;
  if (selector.tag && !matchesTag(device.tags, selector.tag)) return false;
  return true;
}

export type DeviceSelectorDocument = Static<typeof DeviceSelectorSchema>;
