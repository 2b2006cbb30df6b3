import { describe, expect, it } from 'vitest';
import { DeviceTypeFileError, parseDeviceTypeFile } from './type-file.ts';
import SOIL from '../../docs/examples/device-types/soil-probe.yaml?raw';

/** The error of loading `text`, as `file:line:col: path: message` lines. */
function problems(text: string): string[] {
  try {
    parseDeviceTypeFile(text, 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(DeviceTypeFileError);
    expect((err as DeviceTypeFileError).code).toBe('TB_ERR_TWIN_DEVICE_TYPE_FILE');
    return (err as DeviceTypeFileError).message
      .split('\n')
      .slice(1, -1)
      .map((l) => l.trim());
  }
  throw new Error('expected the file to be refused');
}

const base = (telemetry: string) => `name: probe\ntelemetry:\n${telemetry}`;

describe('device-type files', () => {
  it('load the soil probe: spec with the common fields, generators, derived fields last', () => {
    const d = parseDeviceTypeFile(SOIL, 'soil-probe.yaml');
    expect(d.name).toBe('soil_probe');
    expect(d.short).toBe('soil');
    expect(d.spec.telemetry.moisture).toMatchObject({ kind: 'number', unit: '%', min: 0, max: 100 });
    expect(d.spec.telemetry.uptime_s).toMatchObject({ kind: 'integer' });
    expect(d.spec.desired.interval_s).toMatchObject({ min: 1, max: 3600 });
    expect(d.spec.commands.calibrate!.params.dry_point).toMatchObject({ kind: 'number', max: 100 });
    expect(d.simulation.publishIntervalMs).toBe(10_000);
    expect(d.simulation.generators.valve).toMatchObject({ kind: 'steps', periodMs: 86_400_000 });
    expect(d.simulation.order.slice(-2)).toEqual(['dry', 'soil_temperature_f']);
  });

  it('refuse YAML syntax errors with their place', () => {
    expect(problems('name: probe\ntelemetry: {a: 1\n')[0]).toMatch(
      /^bad\.yaml:\d+:\d+: \(document\): YAML syntax/,
    );
  });

  it('refuse an unknown kind at the value', () => {
    expect(problems(base('  a: { kind: bool }\n'))).toEqual([
      'bad.yaml:3:14: telemetry.a.kind: "bool" is not allowed; use one of number, integer, boolean, string',
    ]);
  });

  it('refuse an unknown key at the key', () => {
    expect(problems(base('  a:\n    kind: number\n    maximum: 3\n'))).toEqual([
      "bad.yaml:5:5: telemetry.a.maximum: unknown key 'maximum'",
    ]);
  });

  it('refuse a missing name', () => {
    expect(problems('telemetry: {}\n')).toEqual(["bad.yaml:1:1: (document): 'name' is required"]);
  });

  it('refuse a built-in name', () => {
    expect(problems('name: env_sensor\ntelemetry: {}\n')).toEqual([
      "bad.yaml:1:7: name: 'env_sensor' is a built-in type; give your type another name",
    ]);
  });

  it('refuse a walk outside the field range', () => {
    expect(
      problems(
        base(
          '  a:\n    kind: number\n    max: 10\n    simulate:\n      walk: { min: 0, max: 20, step: 1 }\n',
        ),
      ),
    ).toEqual(["bad.yaml:7:28: telemetry.a.simulate.walk.max: 20 is above the field's max 10"]);
  });

  it('refuse an unknown generator and two generators', () => {
    expect(problems(base('  a:\n    kind: number\n    simulate: { wobble: 1 }\n'))[0]).toBe(
      "bad.yaml:5:17: telemetry.a.simulate.wobble: unknown generator 'wobble'; use one of constant, walk, sine, steps, counter, cycle, derive",
    );
    expect(problems(base('  a:\n    kind: number\n    simulate: { constant: 1, counter: {} }\n'))[0]).toMatch(
      /^bad\.yaml:5:15: telemetry\.a\.simulate: give exactly one generator/,
    );
  });

  it('refuse a constant of the wrong kind, and an enum value not in the list', () => {
    expect(problems(base('  a:\n    kind: number\n    simulate: { constant: high }\n'))).toEqual([
      'bad.yaml:5:27: telemetry.a.simulate.constant: "high" is a string; allowed: number',
    ]);
    expect(
      problems(
        base('  a:\n    kind: string\n    enum: [x, y]\n    simulate: { cycle: { values: [x, z] } }\n'),
      ),
    ).toEqual([
      'bad.yaml:6:38: telemetry.a.simulate.cycle.values[1]: "z" is not an allowed value; allowed: x | y',
    ]);
  });

  it('refuse a generator that makes numbers on a boolean field', () => {
    expect(problems(base('  a:\n    kind: boolean\n    simulate: { counter: {} }\n'))).toEqual([
      'bad.yaml:5:17: telemetry.a.simulate.counter: counter makes numbers; this field is boolean',
    ]);
  });

  it('refuse an expression that does not parse, at the column of the problem', () => {
    expect(problems(base('  a:\n    kind: number\n    simulate:\n      derive: "1 + * 2"\n'))).toEqual([
      "bad.yaml:6:20: telemetry.a.simulate.derive: expression: expected a value, found '*'",
    ]);
  });

  it('refuse an expression that reads a missing field, and derived fields in a circle', () => {
    expect(problems(base('  a:\n    kind: number\n    simulate: { derive: b + 1 }\n'))[0]).toMatch(
      /^bad\.yaml:5:25: telemetry\.a\.simulate\.derive: reads 'b', which is not a simulated telemetry field/,
    );
    const circle = problems(
      base(
        '  a: { kind: number, simulate: { derive: b } }\n  b: { kind: number, simulate: { derive: a } }\n',
      ),
    );
    expect(circle[0]).toMatch(
      /^bad\.yaml:3:42: telemetry\.a\.simulate\.derive: derived fields read each other in a circle/,
    );
  });

  it('check a generator against its own schema, and durations and names with their own words', () => {
    expect(
      problems(
        'name: probe\nshort: TOO_LONG_1\ntelemetry:\n  a: { kind: number, simulate: { walk: { min: 0, max: 1, step: 0, every: 10 sec } } }\n  B: { kind: number }\n',
      ),
    ).toEqual([
      "bad.yaml:5:3: telemetry.B: 'B' is not a name: use lowercase letters, digits and _, starting with a letter (at most 64)",
      'bad.yaml:4:64: telemetry.a.simulate.walk.step: 0 must be > 0',
      "bad.yaml:4:74: telemetry.a.simulate.walk.every: '10 sec' is not a duration: use 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m or a number of milliseconds",
      'bad.yaml:2:8: short: "TOO_LONG_1" is not a short name: use 1 to 8 lowercase letters or digits',
    ]);
  });

  it('refuse min above max and steps out of order', () => {
    expect(problems(base('  a: { kind: number, min: 5, max: 1 }\n'))).toEqual([
      'bad.yaml:3:27: telemetry.a.min: min 5 is above max 1',
    ]);
    expect(
      problems(
        base(
          '  a:\n    kind: integer\n    simulate:\n      steps: { values: [{ at: 2h, value: 1 }, { at: 1h, value: 2 }] }\n',
        ),
      ),
    ).toEqual([
      'bad.yaml:6:53: telemetry.a.simulate.steps.values[1].at: steps must be in increasing order of at',
    ]);
  });
});
