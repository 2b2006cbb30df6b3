import { describe, expect, it } from 'vitest';
import { bearerToken, isLoopbackAddress, routeAccess } from './access.ts';
import { originAllowed } from './origins.ts';

describe('route access', () => {
  it('defaults to viewer for reads and admin for anything else, so a new route is closed', () => {
    expect(routeAccess('GET', undefined)).toBe('viewer');
    expect(routeAccess('HEAD', undefined)).toBe('viewer');
    expect(routeAccess('DELETE', undefined)).toBe('admin');
    expect(routeAccess('POST', 'operator')).toBe('operator');
  });

  it('reads Bearer tokens and tells a malformed header from a missing one', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer tbk_abc')).toBe('tbk_abc');
    expect(bearerToken('bearer  tbk_abc ')).toBe('tbk_abc');
    expect(bearerToken('Basic Zm9v')).toBe('');
    expect(bearerToken('Bearer a b')).toBe('');
  });

  it('knows loopback addresses, IPv4-mapped too', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:192.168.1.2', '', undefined])
      expect(isLoopbackAddress(a)).toBe(false);
  });
});

describe('origins', () => {
  it('allows no Origin, configured ones, and the own address by IP or localhost only', () => {
    const allowed = ['https://dash.example.com'];
    expect(originAllowed(undefined, '127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('https://dash.example.com', '127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('HTTPS://DASH.example.com', '127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('http://localhost:8080', 'localhost:8080', allowed)).toBe(true);
    expect(originAllowed('http://192.168.1.20:8080', '192.168.1.20:8080', allowed)).toBe(true);
    expect(originAllowed('http://[::1]:8080', '[::1]:8080', allowed)).toBe(true);
    // Another port, another host, a DNS name rebound to this machine, garbage.
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8080', allowed)).toBe(false);
    expect(originAllowed('https://evil.example', '127.0.0.1:8080', allowed)).toBe(false);
    expect(originAllowed('http://evil.example:8080', 'evil.example:8080', allowed)).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8080', allowed)).toBe(false);
  });
});
