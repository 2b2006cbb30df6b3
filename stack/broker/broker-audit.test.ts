import { describe, expect, it } from 'vitest';
import { BrokerAudit } from './broker-audit.ts';

// Lines as Mosquitto 2.0.11 prints them (seen in stack/test/broker-security.int.test.ts's runs).
describe('broker audit', () => {
  it('counts refused connections, failed handshakes and denied publishes, nothing else', () => {
    const a = new BrokerAudit();
    for (const line of [
      '2026-11-30T06:40:09: New connection from 127.0.0.1:42350 on port 41883.',
      '2026-11-30T06:40:09: Client <unknown> disconnected, not authorised.',
      "2026-11-30T06:40:09: Denied PUBLISH from dev-a (d0, q1, r0, m1, 'tb/v1/dev-b/telemetry', ... (1 bytes))",
      "2026-11-30T06:40:09: Received PUBLISH from dev-a (d0, q0, r0, m0, 'tb/v1/dev-a/telemetry', ... (1 bytes))",
      '2026-11-30T06:40:09: OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed',
      '2026-11-30T06:40:09: Client <unknown> disconnected: Protocol error.',
      '2026-11-30T06:40:09: Client dev-b already connected, closing old connection.',
    ])
      a.push(line);
    expect(a.snapshot()).toEqual({
      refusedConnections: 1,
      refusedTls: 1,
      deniedPublishes: 1,
      takeovers: 1,
      recentDenials: ['dev-a → tb/v1/dev-b/telemetry'],
    });
  });
});
