import type { Handler } from '../session.ts';

/**
 * GET_SECURITY_INFO (ESP32-S2 and later): flags u32, flash_crypt_cnt u8, 7 key purposes, chip id u32,
 * ECO version u32. The ESP32 ROM does not know it (esptool then reads the magic register).
 */
export const getSecurityInfo: Handler = (s) => {
  const info = s.host.personality.securityInfo;
  if (!info) return { op: 0x00, error: 0x05, repeat: 8 };
  const d = new Uint8Array(20);
  const v = new DataView(d.buffer);
  v.setUint32(0, info.flags, true);
  v.setUint32(12, info.chipId, true);
  v.setUint32(16, info.ecoVersion, true);
  return { data: d };
};
