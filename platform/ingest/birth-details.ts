import type { DeviceLocation, DeviceRecord } from '../registry/registry.ts';

type Details = Partial<Pick<DeviceRecord, 'name' | 'tags' | 'location'>>;
const LOCATION_TEXT = ['site', 'building', 'floor', 'room'] as const;
const LOCATION_NUM = ['x', 'y', 'z'] as const;

/**
 * What a status (birth) message may say about the device besides being online: `name`, `tags`
 * (string values) and `location` ({site, building, floor, room, x, y, z}). Anything malformed is
 * left out, not rejected: the status itself still counts.
 */
export function birthDetails(body: unknown): Details {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const out: Details = {};
  if (typeof b.name === 'string' && b.name.length > 0 && b.name.length <= 200) out.name = b.name;
  if (typeof b.tags === 'object' && b.tags !== null && !Array.isArray(b.tags)) {
    const tags = Object.entries(b.tags as Record<string, unknown>).filter(
      ([, v]) => typeof v === 'string',
    ) as [string, string][];
    if (tags.length > 0) out.tags = Object.fromEntries(tags.slice(0, 50));
  }
  if (typeof b.location === 'object' && b.location !== null) {
    const l = b.location as Record<string, unknown>;
    const loc: DeviceLocation = {};
    for (const k of LOCATION_TEXT) if (typeof l[k] === 'string') loc[k] = l[k];
    for (const k of LOCATION_NUM) if (typeof l[k] === 'number' && Number.isFinite(l[k])) loc[k] = l[k];
    if (Object.keys(loc).length > 0) out.location = loc;
  }
  return out;
}

/** The registry patch that brings `device` up to date with `details`, or undefined when nothing changed. */
export function detailsPatch(device: DeviceRecord, details: Details): Details | undefined {
  const patch: Details = {};
  if (details.name !== undefined && details.name !== device.name) patch.name = details.name;
  if (details.tags && Object.entries(details.tags).some(([k, v]) => device.tags[k] !== v))
    patch.tags = details.tags;
  if (details.location && JSON.stringify(details.location) !== JSON.stringify(device.location ?? {}))
    patch.location = details.location;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
