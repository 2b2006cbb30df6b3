import type * as Crypto from 'node:crypto';

// Loaded on first use, not on import: node:crypto adds ~2 MB to the RSS of every simulator process, and
// only fleets under device auth derive passwords.
const crypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');

/**
 * A device's broker password, derived from the stack's device secret and the device id:
 * base64url(HMAC-SHA256(secret, "twinbench-device:" + id)). The stack writes the broker's password
 * file with it and the simulator derives the same 10,000 passwords from the one secret, so no file of
 * passwords travels between them. A board gets its own from `twinbench pki issue <id>`.
 */
export function devicePassword(secret: string, deviceId: string): string {
  return crypto().createHmac('sha256', secret).update(`twinbench-device:${deviceId}`).digest('base64url');
}

/** A fresh device secret (32 random bytes, base64url). */
export function newDeviceSecret(): string {
  return crypto().randomBytes(32).toString('base64url');
}
