/** Device ids, and MAC addresses used as ids (normalised to lowercase with `:`). */

const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const MAC_SEPARATED =
  /^([0-9A-Fa-f]{2})([:-])([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})$/;
const MAC_DOTTED = /^([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})$/;
const MAC_BARE = /^[0-9A-Fa-f]{12}$/;

/** `[A-Za-z0-9_.:-]{1,128}`: fits one MQTT topic level, a file name and an InfluxDB tag unescaped. */
export function isValidDeviceId(id: unknown): id is string {
  return typeof id === 'string' && DEVICE_ID.test(id);
}

/**
 * `aa:bb:cc:dd:ee:ff` for a MAC written `AA:BB:CC:DD:EE:FF`, `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff`
 * or `AABBCCDDEEFF`; `undefined` for anything else.
 */
export function normalizeMac(text: string): string | undefined {
  let hex: string;
  const separated = MAC_SEPARATED.exec(text);
  if (separated !== null) {
    hex = separated[1]! + separated[3]! + separated[4]! + separated[5]! + separated[6]! + separated[7]!;
  } else {
    const dotted = MAC_DOTTED.exec(text);
    if (dotted !== null) hex = dotted[1]! + dotted[2]! + dotted[3]!;
    else if (MAC_BARE.test(text)) hex = text;
    else return undefined;
  }
  hex = hex.toLowerCase();
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}

export function isMac(text: string): boolean {
  return normalizeMac(text) !== undefined;
}

/**
 * The canonical form of a device id: a MAC written with `:` or `-` separators (or dotted) becomes
 * `aa:bb:cc:dd:ee:ff`; any other valid id is returned unchanged (a bare 12-hex-digit id could be a
 * serial number, so it is left alone); `undefined` when the id is not valid.
 */
export function normalizeDeviceId(id: string): string | undefined {
  if (MAC_SEPARATED.test(id) || MAC_DOTTED.test(id)) return normalizeMac(id);
  return isValidDeviceId(id) ? id : undefined;
}

export type MacFormat = {
  /** Between octets: `:` (aa:bb:…), `-` (aa-bb-…) or none (aabb…). */
  separator: ':' | '-' | '';
  case: 'lower' | 'upper';
};

/** Writes a (normalised or not) MAC in the given format; `undefined` when `mac` is not a MAC. */
export function formatMac(mac: string, format: MacFormat): string | undefined {
  const normal = normalizeMac(mac);
  if (normal === undefined) return undefined;
  const text = format.separator === ':' ? normal : normal.replaceAll(':', format.separator);
  return format.case === 'upper' ? text.toUpperCase() : text;
}
