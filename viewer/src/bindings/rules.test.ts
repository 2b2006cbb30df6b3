import { describe, expect, it } from 'vitest';
import { COLORS, composeRules, DEFAULT_RULES } from './defaults.ts';
import { evaluate, formatLabel, gradientAt, parseHex, type RuleInput } from './rules.ts';
import { fieldsOf } from './visual-of.ts';

const rules = composeRules([]);
const breaker = (values: RuleInput['values'], online: boolean | null = true): RuleInput => ({
  id: 'b1',
  type: 'smart_breaker',
  tags: {},
  online,
  values,
  lastEvent: {},
});

describe('binding rules', () => {
  it('colours a closed breaker by its load, an open one blue and a tripped one red and blinking', () => {
    expect(evaluate(rules, breaker({ breaker_state: 'closed', load_percent: 0 }), 0).color).toBe(
      parseHex('#2f9e44'),
    );
    expect(evaluate(rules, breaker({ breaker_state: 'closed', load_percent: 110 }), 0).color).toBe(
      parseHex('#e8590c'),
    );
    expect(evaluate(rules, breaker({ breaker_state: 'closed', load_percent: 42.37 }), 0).state).toBe(
      'Closed (load 0 → 110 %)',
    );
    const open = evaluate(rules, breaker({ breaker_state: 'open', load_percent: 0 }), 0);
    expect([open.color, open.blink, open.state]).toEqual([parseHex(COLORS.open), false, 'Open']);
    const tripped = evaluate(rules, breaker({ breaker_state: 'tripped', last_trip_cause: 'magnetic' }), 0);
    expect(tripped).toMatchObject({
      color: parseHex(COLORS.tripped),
      blink: true,
      label: 'tripped (magnetic)',
    });
  });

  it('greys out an offline device whatever its values, and stops its blinking', () => {
    const v = evaluate(rules, breaker({ breaker_state: 'tripped' }, false), 0);
    expect(v).toMatchObject({ color: parseHex(COLORS.offline), blink: false, state: 'Offline' });
    // unknown liveness counts as online
    expect(evaluate(rules, breaker({ breaker_state: 'open' }, null), 0).color).toBe(parseHex(COLORS.open));
  });

  it('blinks a sensor with a low battery and labels it, on top of its heat colour', () => {
    const v = evaluate(
      rules,
      {
        id: 's',
        type: 'env_sensor',
        tags: {},
        online: true,
        values: { temperature: 21, battery: 12.34 },
        lastEvent: {},
      },
      0,
    );
    expect(v).toMatchObject({ color: parseHex('#37b24d'), blink: true, label: 'battery 12.3 %' });
    // the heat scale's legend names the scale; the device's state is its own temperature
    expect(v.state).toBe('temperature 21');
  });

  it('pulses a camera for ten seconds after motion', () => {
    const cam = (at: number | undefined): RuleInput => ({
      id: 'c',
      type: 'camera',
      tags: {},
      online: true,
      values: { recording: true },
      lastEvent: at === undefined ? {} : { motion: at },
    });
    expect(evaluate(rules, cam(1000), 5000).blink).toBe(true);
    expect(evaluate(rules, cam(1000), 12_000).blink).toBe(false);
    expect(evaluate(rules, cam(undefined), 5000)).toMatchObject({
      blink: false,
      color: parseHex(COLORS.recording),
    });
  });

  it('lets a scene rule override a default and hide devices by tag', () => {
    const scene = composeRules([
      {
        type: 'smart_breaker',
        tag: 'circuit:pv',
        when: { field: 'active_power', lt: 0 },
        color: '#ffd43b',
        legend: 'Exporting',
      },
      { tag: 'hidden', visible: false },
    ]);
    const pv: RuleInput = {
      ...breaker({ breaker_state: 'closed', load_percent: 10, active_power: -200 }),
      tags: { circuit: 'pv' },
    };
    expect(evaluate(scene, pv, 0)).toMatchObject({ color: parseHex('#ffd43b'), state: 'Exporting' });
    expect(evaluate(scene, { ...pv, tags: { hidden: '' } }, 0).visible).toBe(false);
    expect(evaluate(composeRules([], false), pv, 0).state).toBeUndefined();
  });

  it('interpolates gradients and clamps them at the end stops', () => {
    const stops: [number, string][] = [
      [0, '#000000'],
      [10, '#ffffff'],
    ];
    expect(gradientAt(stops, 5)).toBe(0x808080);
    expect(gradientAt(stops, -5)).toBe(0);
    expect(gradientAt(stops, 50)).toBe(0xffffff);
  });

  it('says what a bad colour is and how to write one', () => {
    expect(() => parseHex('red')).toThrow(/'red' is not a colour; write it as #rrggbb/);
  });

  it('fills label templates, with a dash for missing values', () => {
    expect(formatLabel('{a} / {b} / {c}', { a: 1.26, b: 'x' })).toBe('1.3 / x / –');
  });

  it('lists the fields the default rules read (what replay asks history for)', () => {
    expect(fieldsOf(DEFAULT_RULES)).toEqual([
      'battery',
      'breaker_state',
      'children_connected',
      'last_trip_cause',
      'load_percent',
      'recording',
      'temperature',
    ]);
  });
});
