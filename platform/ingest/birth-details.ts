import type { BirthDetails } from '../../twin/index.ts';
import type { DeviceRecord } from '../registry/registry.ts';

/** twin's `birthDetails` reads them from a status message; this compares them with the registry. */
type Details = BirthDetails;

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
