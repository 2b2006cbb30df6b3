import { describe, expect, it } from 'vitest';
import { buildIdentities } from '../fleet/identities.ts';
import { validateFleetSpec } from '../fleet/load-spec.ts';
import { Rng } from '../models/index.ts';
import { shareCounts, shareWithGateways } from './build.ts';
import { resolveRadio, transmit } from './radio.ts';
import { expandGateways } from './spec.ts';

const SPEC = {
  groups: [{ type: 'smart_breaker' as const, count: 2 }],
  gateways: [{ count: 3, children: { type: 'env_sensor' as const, count: 4 }, radio: { loss: 0.1 } }],
};

describe('gateways in a fleet spec', () => {
  it('become a group of gateways and a group of their children, tied by a plan', () => {
    const { spec, plans } = expandGateways(validateFleetSpec(SPEC));
    expect(spec.groups.map((g) => [g.type, g.count])).toEqual([
      ['smart_breaker', 2],
      ['gateway', 3],
      ['env_sensor', 12],
    ]);
    expect(plans).toMatchObject([{ gatewayGroup: 1, childGroup: 2, childrenPerGateway: 4 }]);
    const ids = buildIdentities(spec).map((i) => i.id);
    expect(ids.slice(0, 6)).toEqual(['brk-0001', 'brk-0002', 'gw-0001', 'gw-0002', 'gw-0003', 'env-0001']);
  });

  it('refuse a gateway carrying gateways and ids that collide with a group', () => {
    expect(() =>
      validateFleetSpec({ groups: [], gateways: [{ count: 1, children: { type: 'gateway', count: 2 } }] }),
    ).toThrow(/gateways\[0\]\.children\.type: a gateway cannot carry gateways/);
    expect(() =>
      validateFleetSpec({
        groups: [{ type: 'env_sensor', count: 2, idPattern: 'x-{n}' }],
        gateways: [{ count: 1, children: { type: 'env_sensor', count: 2, idPattern: 'x-{n}' } }],
      }),
    ).not.toThrow(); // {n} counts on across groups of one pattern
    expect(() => validateFleetSpec({ groups: [] })).toThrow(/at least one group or gateway/);
  });

  it('keep a gateway and its children in one worker’s share', () => {
    const { spec, plans } = expandGateways(validateFleetSpec(SPEC));
    const all = buildIdentities(spec);
    const shares = [0, 1].map((index) => shareWithGateways(all, plans, { index, count: 2 }));
    expect(shares[0]!.length + shares[1]!.length).toBe(all.length);
    for (const share of shares) {
      const gws = share.filter((i) => i.type === 'gateway').length;
      expect(share.filter((i) => i.groupIndex === 2)).toHaveLength(gws * 4);
    }
  });

  it('count each worker’s devices and connections as its share holds them (children without a socket)', () => {
    const { spec, plans } = expandGateways(
      validateFleetSpec({
        groups: [{ type: 'smart_breaker', count: 5 }],
        gateways: [
          { count: 3, children: { type: 'env_sensor', count: 4 } },
          { count: 2, name: 'lora', idPattern: 'lora-{n}', children: { type: 'camera', count: 7 } },
        ],
      }),
    );
    const all = buildIdentities(spec);
    for (const count of [1, 2, 3, 4]) {
      for (let index = 0; index < count; index++) {
        const share = shareWithGateways(all, plans, { index, count });
        const children = share.filter((i) => plans.some((p) => p.childGroup === i.groupIndex)).length;
        expect(shareCounts(spec.groups, plans, { index, count })).toEqual({
          devices: share.length,
          connections: share.length - children,
        });
      }
    }
    expect(shareCounts(spec.groups, plans, undefined)).toEqual({
      devices: 5 + 3 * 5 + 2 * 8,
      connections: 10,
    });
  });
});

describe('the radio', () => {
  it('keeps a LoRa duty cycle: after one message the child is silent for 99 × its airtime', () => {
    const radio = resolveRadio({ dutyCyclePercent: 1, airtimeMs: 100 });
    const state = { quietUntil: -Infinity };
    const rng = new Rng(1);
    expect(transmit(radio, undefined, state, 0, () => rng)).toEqual({ sent: true, delayMs: 0 });
    expect(transmit(radio, undefined, state, 9_000, () => rng)).toEqual({ sent: false, why: 'duty_cycle' });
    expect(transmit(radio, undefined, state, 10_000, () => rng).sent).toBe(true);
  });

  it('loses the fraction it is told to, and a fault overrides the group’s loss', () => {
    const radio = resolveRadio({ loss: 0.25 });
    const rng = new Rng(7);
    let lost = 0;
    for (let i = 0; i < 4000; i++)
      if (!transmit(radio, undefined, { quietUntil: 0 }, i, () => rng).sent) lost++;
    expect(lost / 4000).toBeGreaterThan(0.22);
    expect(lost / 4000).toBeLessThan(0.28);
    expect(transmit(radio, { loss: 1 }, { quietUntil: 0 }, 0, () => rng)).toEqual({
      sent: false,
      why: 'loss',
    });
  });
});
