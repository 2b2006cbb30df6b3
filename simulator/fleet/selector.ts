import { matchesTag, type SelectableDevice } from '../../twin/index.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { Rng } from '../models/index.ts';
import { checkSelector } from './fault-check.ts';
import type { DeviceSelector } from './fault-types.ts';

/**
 * The devices matching every criterion of `selector`, in fleet order. `count`/`fraction` take a sample
 * of the matches drawn from `rng` (the fleet's seeded stream), so a run picks the same devices again.
 * Unknown ids throw TB_ERR_SIMULATOR_BAD_SELECTOR (a typo must not silently select nothing).
 */
export function selectDevices<T extends SelectableDevice>(
  devices: readonly T[],
  selector: DeviceSelector | undefined,
  rng: Rng,
): T[] {
  if (selector === undefined) return [...devices];
  const s = checkSelector(selector);
  if (s.count !== undefined && s.fraction !== undefined) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_SELECTOR,
      'Invalid device selector: give count or fraction, not both.',
    );
  }
  let matches = [...devices];
  if (s.ids) {
    const wanted = new Set(s.ids);
    matches = matches.filter((d) => wanted.has(d.id));
    if (matches.length < wanted.size) {
      const known = new Set(matches.map((d) => d.id));
      const missing = s.ids.filter((id) => !known.has(id));
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_SELECTOR,
        `Invalid device selector: no device ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in the fleet.`,
      );
    }
  }
  if (s.type !== undefined) matches = matches.filter((d) => d.type === s.type);
  if (s.tag !== undefined) matches = matches.filter((d) => matchesTag(d.tags, s.tag as string));
  const want =
    s.count !== undefined
      ? s.count
      : s.fraction !== undefined
        ? Math.max(1, Math.round(s.fraction * matches.length))
        : matches.length;
  if (want >= matches.length) return matches;
  // Partial Fisher–Yates over positions, then back to fleet order.
  const idx = matches.map((_, i) => i);
  for (let i = 0; i < want; i++) {
    const j = rng.int(i, idx.length);
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx
    .slice(0, want)
    .sort((a, b) => a - b)
    .map((i) => matches[i] as T);
}
