import { describe, expect, it } from 'vitest';
import { devicePassword, newDeviceSecret } from './device-password.ts';

describe('device passwords', () => {
  it('are the same for one secret and id, and differ across ids and secrets', () => {
    const s = newDeviceSecret();
    expect(devicePassword(s, 'brk-0001')).toBe(devicePassword(s, 'brk-0001'));
    expect(devicePassword(s, 'brk-0001')).not.toBe(devicePassword(s, 'brk-0002'));
    expect(devicePassword(newDeviceSecret(), 'brk-0001')).not.toBe(devicePassword(s, 'brk-0001'));
  });

  it('are HMAC-SHA256 of the id, base64url (a board can compute it too)', () => {
    // echo -n 'twinbench-device:env-1' | openssl dgst -sha256 -hmac k -binary | basenc --base64url | tr -d =
    expect(devicePassword('k', 'env-1')).toBe('vPz0MS6tU-LS9IraDoAILRyN4loDYNLgKNkY6_hA-Ao');
  });
});
