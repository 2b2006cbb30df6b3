/** Device id patterns: `brk-{n:04}` (n from 1, zero-padded to 4), `sensor-{n}`, `{mac}`. */

const PLACEHOLDER = /\{(n(?::0?(\d{1,2}))?|mac)\}/g;

export interface IdPatternInfo {
  usesN: boolean;
  usesMac: boolean;
  /** Placeholders the pattern has that are not known (e.g. `{id}`). */
  unknown: string[];
}

export function inspectIdPattern(pattern: string): IdPatternInfo {
  const known = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const all = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  return {
    usesN: known.some((k) => k.startsWith('n')),
    usesMac: known.includes('mac'),
    unknown: all.filter((p) => !/^(n(:0?\d{1,2})?|mac)$/.test(p)).map((p) => `{${p}}`),
  };
}

/** The id of device number `n` (1-based) with MAC `mac` (aa:bb:cc:dd:ee:ff). */
export function expandIdPattern(pattern: string, n: number, mac: string): string {
  return pattern.replace(PLACEHOLDER, (_, what: string, width: string | undefined) =>
    what === 'mac' ? mac : width ? String(n).padStart(Number(width), '0') : String(n),
  );
}
