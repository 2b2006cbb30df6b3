/**
 * A small unit table for payload mappings: spellings of the units twinbench's device types declare,
 * and the conversions between units of one quantity. Deliberately short (no library: the units a
 * device sends for these quantities are few, and a wrong guess is worse than a clear refusal).
 */

/** Each unit: its canonical spelling, its quantity, and how to get to the quantity's base unit. */
interface UnitDef {
  quantity: string;
  /** base = value * scale + offset */
  scale: number;
  offset: number;
}

const DEFS: Record<string, UnitDef> = {
  '°C': { quantity: 'temperature', scale: 1, offset: 0 },
  '°F': { quantity: 'temperature', scale: 5 / 9, offset: -32 * (5 / 9) },
  K: { quantity: 'temperature', scale: 1, offset: -273.15 },
  V: { quantity: 'voltage', scale: 1, offset: 0 },
  mV: { quantity: 'voltage', scale: 1e-3, offset: 0 },
  kV: { quantity: 'voltage', scale: 1e3, offset: 0 },
  A: { quantity: 'current', scale: 1, offset: 0 },
  mA: { quantity: 'current', scale: 1e-3, offset: 0 },
  W: { quantity: 'power', scale: 1, offset: 0 },
  kW: { quantity: 'power', scale: 1e3, offset: 0 },
  Wh: { quantity: 'energy', scale: 1, offset: 0 },
  kWh: { quantity: 'energy', scale: 1e3, offset: 0 },
  hPa: { quantity: 'pressure', scale: 100, offset: 0 },
  Pa: { quantity: 'pressure', scale: 1, offset: 0 },
  kPa: { quantity: 'pressure', scale: 1e3, offset: 0 },
  s: { quantity: 'time', scale: 1, offset: 0 },
  ms: { quantity: 'time', scale: 1e-3, offset: 0 },
  min: { quantity: 'time', scale: 60, offset: 0 },
  h: { quantity: 'time', scale: 3600, offset: 0 },
  '%': { quantity: 'ratio', scale: 1, offset: 0 },
  '%RH': { quantity: 'humidity', scale: 1, offset: 0 },
};

/** Other spellings devices use, mapped to the canonical one. */
const SPELLINGS: Record<string, string> = {
  c: '°C',
  '°c': '°C',
  degc: '°C',
  celsius: '°C',
  'º c': '°C',
  ºc: '°C',
  f: '°F',
  '°f': '°F',
  degf: '°F',
  fahrenheit: '°F',
  ºf: '°F',
  k: 'K',
  kelvin: 'K',
  v: 'V',
  mv: 'mV',
  kv: 'kV',
  a: 'A',
  ma: 'mA',
  w: 'W',
  kw: 'kW',
  wh: 'Wh',
  kwh: 'kWh',
  hpa: 'hPa',
  mbar: 'hPa',
  pa: 'Pa',
  kpa: 'kPa',
  s: 's',
  sec: 's',
  ms: 'ms',
  min: 'min',
  h: 'h',
  '%': '%',
  '%rh': '%RH',
  rh: '%RH',
};

/** The canonical spelling of `unit`, or the unit as given when the table does not know it. */
export function canonicalUnit(unit: string): string {
  if (Object.hasOwn(DEFS, unit)) return unit;
  return SPELLINGS[unit.trim().toLowerCase()] ?? unit;
}

/** Converts a number; returns undefined when `from` cannot become `to` (unknown unit, other quantity). */
export type UnitConversion = (value: number) => number;

/**
 * The conversion from `from` to `to`, or undefined when there is none. `%` and `%RH` are both
 * accepted for a field declared in either (a relative humidity is a percentage).
 */
export function unitConversion(from: string, to: string): UnitConversion | undefined {
  const f = canonicalUnit(from);
  const t = canonicalUnit(to);
  if (f === t) return identity;
  if ((f === '%' && t === '%RH') || (f === '%RH' && t === '%')) return identity;
  const a = DEFS[f];
  const b = DEFS[t];
  if (a === undefined || b === undefined || a.quantity !== b.quantity) return undefined;
  // Rounded to 12 significant digits: 3300 mV is 3.3 V, not 3.3000000000000003.
  return (value) => Number(((value * a.scale + a.offset - b.offset) / b.scale).toPrecision(12));
}

const identity: UnitConversion = (v) => v;

/** The units the table knows (for error messages and docs). */
export const KNOWN_UNITS: readonly string[] = Object.freeze(Object.keys(DEFS));
