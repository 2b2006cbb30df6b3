/**
 * Diurnal shapes shared by the breaker's load profile and the sensors' temperature, light and occupancy.
 * All take virtual time in ms since the epoch plus the site's UTC offset; none reads the wall clock.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;

/** Local hour of day in [0, 24). */
export function hourOfDay(timeMs: number, utcOffsetMinutes = 0): number {
  const local = timeMs + utcOffsetMinutes * 60_000;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** Local day of week, 0 = Sunday (1970-01-01 was a Thursday). */
export function dayOfWeek(timeMs: number, utcOffsetMinutes = 0): number {
  const day = Math.floor((timeMs + utcOffsetMinutes * 60_000) / DAY_MS);
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of the year in [0, 365), close enough for solar declination. */
export function dayOfYear(timeMs: number): number {
  const day = timeMs / DAY_MS;
  return ((day % 365.2425) + 365.2425) % 365.2425;
}

/**
 * Air temperature shape in [-1, 1]: maximum at 15:00, minimum at 03:00. Air lags the sun by a few hours,
 * which is why the peak is in the afternoon and not at noon.
 */
export function temperatureShape(hour: number): number {
  return Math.cos((TWO_PI * (hour - 15)) / 24);
}

/**
 * Sine of the sun's elevation (negative below the horizon) at local solar time `hour`.
 * Standard declination/hour-angle approximation; good to a degree or so, plenty for a light sensor.
 */
export function sunElevationSine(hour: number, dayOfYearValue: number, latitudeDeg: number): number {
  const declination = -23.44 * DEG * Math.cos((TWO_PI * (dayOfYearValue + 10)) / 365.2425);
  const hourAngle = (hour - 12) * 15 * DEG;
  const lat = latitudeDeg * DEG;
  return Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
}

/** Daylight fraction in [0, 1]: 0 whenever the sun is below the horizon. */
export function daylight(timeMs: number, utcOffsetMinutes: number, latitudeDeg: number): number {
  const s = sunElevationSine(hourOfDay(timeMs, utcOffsetMinutes), dayOfYear(timeMs), latitudeDeg);
  return s > 0 ? s : 0;
}

/** Smooth step from 0 to 1 as x goes from a to b. */
function smoothstep(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

/** People present in [0, 1]: working hours ~08–18 with soft edges. Drives sound and indoor air quality. */
export function occupancyShape(hour: number): number {
  return smoothstep(7, 9, hour) * (1 - smoothstep(17, 19.5, hour));
}

/** Kinds of daily electrical load a breaker can feed. */
export type LoadProfileKind = 'residential' | 'commercial' | 'flat';

// Hourly load relative to the daily peak (00:00 … 23:00), from typical published load curves.
const RESIDENTIAL = [
  0.35, 0.3, 0.28, 0.27, 0.28, 0.33, 0.5, 0.72, 0.75, 0.6, 0.52, 0.5, 0.55, 0.52, 0.48, 0.5, 0.58, 0.75, 0.92,
  1.0, 0.97, 0.85, 0.65, 0.45,
];
const COMMERCIAL = [
  0.25, 0.24, 0.24, 0.24, 0.25, 0.3, 0.45, 0.7, 0.9, 0.97, 1.0, 1.0, 0.95, 0.98, 1.0, 0.97, 0.9, 0.75, 0.55,
  0.42, 0.35, 0.3, 0.28, 0.26,
];

/** Relative load in [0, 1] at local time: hourly table, linearly interpolated; offices idle at weekends. */
export function loadShape(kind: LoadProfileKind, timeMs: number, utcOffsetMinutes = 0): number {
  if (kind === 'flat') return 1;
  const table = kind === 'residential' ? RESIDENTIAL : COMMERCIAL;
  const hour = hourOfDay(timeMs, utcOffsetMinutes);
  const i = Math.floor(hour);
  const lo = table[i] ?? 0;
  const hi = table[(i + 1) % 24] ?? 0;
  const value = lo + (hi - lo) * (hour - i);
  if (kind === 'commercial') {
    const dow = dayOfWeek(timeMs, utcOffsetMinutes);
    if (dow === 0 || dow === 6) return 0.25 + 0.1 * value;
  }
  return value;
}
