import { describe, expect, it } from 'vitest';
import { parseChildShadowUpdate, parseChildTelemetry } from './gateway-messages.ts';
import { gatewaySubscriptions, gatewayTopic, matchGatewayTopic } from './gateway-topics.ts';

describe('gateway topics', () => {
  it('build and match every kind under tb/v1/{gateway}/children', () => {
    expect(gatewayTopic('gw-1', 'telemetry')).toBe('tb/v1/gw-1/children/telemetry');
    expect(matchGatewayTopic('tb/v1/gw-1/children/commands/response')).toEqual({
      gatewayId: 'gw-1',
      kind: 'commandResponse',
    });
    expect(matchGatewayTopic('tb/v1/gw-1/children/shadow/delta')).toEqual({
      gatewayId: 'gw-1',
      kind: 'shadowDelta',
    });
  });

  it('leave every other topic alone', () => {
    for (const topic of [
      'tb/v1/gw-1/telemetry',
      'tb/v1/gw-1/children',
      'tb/v1/gw-1/children/telemetry/rejected',
      'tb/v1//children/telemetry',
      'tb/v1/a/b/children/telemetry',
      'other/gw-1/children/telemetry',
    ]) {
      expect(matchGatewayTopic(topic), topic).toBeUndefined();
    }
  });

  it('give a gateway the topics it subscribes to, and refuse ids that cannot be a level', () => {
    expect(gatewaySubscriptions('gw-1')).toEqual([
      'tb/v1/gw-1/children/commands',
      'tb/v1/gw-1/children/shadow/delta',
      'tb/v1/gw-1/children/rejected',
    ]);
    expect(() => gatewayTopic('a/b', 'connect')).toThrow(/cannot form a topic/);
  });
});

describe('gateway messages', () => {
  it('take a batch of readings, each with its own time, and say what is wrong with one', () => {
    const good = parseChildTelemetry(
      JSON.stringify({ readings: [{ device: 'e-1', ts: 5, seq: 1, fields: { temperature: 20 } }] }),
    );
    expect(good.ok).toBe(true);
    const bad = parseChildTelemetry({ readings: [{ device: 'e-1', fields: {} }] });
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.errors.join('; ')).toMatch(/ts/);
  });

  it('refuse a child setting its own desired state', () => {
    expect(parseChildShadowUpdate({ device: 'e-1', state: { reported: { interval_s: 5 } } }).ok).toBe(true);
    expect(parseChildShadowUpdate({ device: 'e-1', state: { desired: { interval_s: 5 } } }).ok).toBe(false);
  });
});
