import { describe, expect, it } from 'vitest';
import { startStack } from './index.ts';
import { checkReach, connectHost, isLoopback } from './reach.ts';

describe('reach', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.3.4.5', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.20', '::', '10.0.0.1'].some(isLoopback)).toBe(false);
  });

  it('refuses a network-facing broker with anonymous access, and says what to do', () => {
    expect(() => checkReach({ bindAddress: '0.0.0.0' })).toThrow(/anonymous access.*--device-auth/);
    expect(() => checkReach({ bindAddress: '127.0.0.1' })).not.toThrow();
    expect(() => checkReach({ bindAddress: '0.0.0.0', deviceAuth: { secret: 's' } })).not.toThrow();
    expect(() =>
      checkReach({ bindAddress: '0.0.0.0', tls: { certFile: 'c', keyFile: 'k', requireClientCert: true } }),
    ).not.toThrow();
  });

  it('startStack refuses before it binds anything', async () => {
    await expect(startStack({ mode: 'local', broker: { bindAddress: '0.0.0.0' } })).rejects.toMatchObject({
      code: 'TB_ERR_STACK_BAD_OPTIONS',
    });
  });

  it("the stack's own clients use loopback for a broker on every address", () => {
    expect(connectHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectHost('127.0.0.1')).toBe('127.0.0.1');
  });
});
