import { describe, expect, it } from 'vitest';
import { checkFault } from './fault-check.ts';
import { FAULT_KINDS } from './fault-types.ts';
import { DEMO_FLEET } from './demo-fleet.ts';
import { validateFleetSpec } from './load-spec.ts';

describe('faults', () => {
  it('are checked kind by kind, naming what is wrong', () => {
    expect(checkFault({ kind: 'latency', ms: 200 })).toEqual({ kind: 'latency', ms: 200 });
    expect(() => checkFault({ kind: 'latency' })).toThrow(
      "Invalid fault: fault: missing required key 'ms' (an integer >= 0 and <= 600000)",
    );
    expect(() => checkFault({ kind: 'overload', amps: 'lots' })).toThrow(
      "fault.amps: expected a number >= 0, got 'lots'",
    );
    expect(() => checkFault({ kind: 'reboot', now: true })).toThrow(
      "fault.now: unknown key 'now'; allowed: kind",
    );
    expect(() => checkFault({ kind: 'explode' })).toThrow(
      /TB_ERR_SIMULATOR_BAD_FAULT|unknown fault kind "explode"; one of disconnect/,
    );
    expect(() => checkFault({})).toThrow(/needs a kind/);
  });

  it('cover the contract', () => {
    expect([...FAULT_KINDS].sort()).toEqual(
      [
        'disconnect',
        'reconnect_storm',
        'partition',
        'drop_publishes',
        'latency',
        'clock_skew',
        'stuck',
        'drift',
        'spike',
        'malformed',
        'flood',
        'battery_depletion',
        'reboot',
        'firmware',
        'overload',
        'ground_fault',
        'arc_fault',
        'motion',
        'radio_loss',
        'radio_latency',
        'duty_cycle',
        'mesh_drop',
      ].sort(),
    );
  });
});

describe('DEMO_FLEET', () => {
  it('is a valid spec of about 50 mixed devices with scheduled misbehaviour', () => {
    const spec = validateFleetSpec(DEMO_FLEET);
    const count = spec.groups.reduce((n, g) => n + g.count, 0);
    expect(count).toBe(50);
    expect(new Set(spec.groups.map((g) => g.type))).toEqual(
      new Set(['smart_breaker', 'env_sensor', 'camera']),
    );
    expect(spec.faults?.length).toBeGreaterThan(0);
  });
});
