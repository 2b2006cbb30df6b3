import { describe, expect, it } from 'vitest';
import { errorOf } from '../errors.test-helper.ts';
import { loadScenarioText } from './load-scenario.ts';

const FILE = '/virtual/main.yaml';
const files = (map: Record<string, string>) => (path: string) => {
  const text = map[path];
  if (text === undefined) throw new Error('ENOENT: no such file');
  return text;
};

describe('loading a scenario', () => {
  it('fills parameters, keeping the type of a whole-string reference', () => {
    const [one] = loadScenarioText(
      `name: trips at \${amps} A
params: { amps: 96, dev: brk-0001 }
steps:
  - publish:
      device: \${dev}
      kind: telemetry
      payload:
        current_a: \${amps}
`,
      FILE,
    );
    expect(one?.name).toBe('trips at 96 A');
    expect(one?.doc.steps[0]).toEqual({
      publish: { device: 'brk-0001', kind: 'telemetry', payload: { current_a: 96 } },
    });
  });

  it('runs one instance per matrix combination, or per row', () => {
    const product = loadScenarioText(
      `name: m
matrix: { curve: [B, D], amps: [40, 96] }
steps: [{ note: "\${curve} \${amps}" }]
`,
      FILE,
    );
    expect(product.map((i) => i.name)).toEqual([
      'm [curve=B, amps=40]',
      'm [curve=B, amps=96]',
      'm [curve=D, amps=40]',
      'm [curve=D, amps=96]',
    ]);
    expect(product[3]?.doc.steps[0]).toEqual({ note: 'D 96' });
    const rows = loadScenarioText(
      `name: r
matrix:
  - { curve: B, cause: magnetic }
  - { curve: D, cause: thermal }
steps: [{ note: "\${cause}" }]
`,
      FILE,
    );
    expect(rows.map((i) => [i.name, i.params.cause])).toEqual([
      ['r [curve=B, cause=magnetic]', 'magnetic'],
      ['r [curve=D, cause=thermal]', 'thermal'],
    ]);
  });

  it('says where a schema error is and what was expected', () => {
    const err = errorOf(() =>
      loadScenarioText(
        `name: bad
stepz: []
steps:
  - at: soon
    wait: 1s
  - inject:
      fault: { kind: overlaod, amps: 40 }
  - eventually:
      twin: { device: a, field: x, equals: 1 }
`,
        FILE,
      ),
    );
    expect(err.code).toBe('TB_ERR_SCENARIOS_SCHEMA');
    const lines = err.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lines).toEqual([
      `${FILE}:2:1: unknown key 'stepz'; expected one of: name, description, tags, exclusive, timeout, include, params, matrix, stack, platform, fleets, deviceTypes, steps`,
      `${FILE}:4:9: expected a duration: 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m, or a number of milliseconds, got "soon"`,
      `${FILE}:7:22: expected one of disconnect, reconnect_storm, partition, drop_publishes, latency, clock_skew, stuck, drift, spike, malformed, flood, battery_depletion, reboot, firmware, overload, ground_fault, arc_fault, motion, radio_loss, radio_latency, duty_cycle, mesh_drop, got "overlaod"`,
      `${FILE}:9:7: missing 'within' (a duration: 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m, or a number of milliseconds)`,
    ]);
  });

  it('points at a YAML syntax error', () => {
    const err = errorOf(() => loadScenarioText('name: x\nsteps:\n  - wait: [1s\n', FILE));
    expect(err.code).toBe('TB_ERR_SCENARIOS_YAML_SYNTAX');
    expect(err.issues[0]?.location?.file).toBe(FILE);
    expect(err.issues[0]?.location?.line).toBeGreaterThanOrEqual(3);
  });

  it('says plainly when a step holds two actions or an expectation two conditions', () => {
    const err = errorOf(() =>
      loadScenarioText(
        `name: x
steps:
  - { wait: 1s, note: hi }
  - eventually: { within: 1s, health: {}, metric: { name: a, gt: 1 } }
`,
        FILE,
      ),
    );
    expect(err.message).toContain(
      `${FILE}:3:5: a step holds one action; this one has wait and note: split it into steps`,
    );
    expect(err.message).toContain(
      `${FILE}:4:17: eventually holds one condition; found health and metric: use one step each`,
    );
  });

  it('reports an unknown parameter where it is used', () => {
    const err = errorOf(() =>
      loadScenarioText('name: x\nparams: { a: 1 }\nsteps:\n  - note: "${b}"\n', FILE),
    );
    expect(err.code).toBe('TB_ERR_SCENARIOS_UNKNOWN_PARAM');
    expect(err.message).toContain(`${FILE}:4:11: unknown parameter \${b}; known: a`);
  });

  it('reports names that do not exist', () => {
    const err = errorOf(() =>
      loadScenarioText(
        `name: x
fleets: [{ name: f, groups: [{ type: camera, count: 1 }] }]
steps:
  - start_fleet: g
  - eventually: { within: 1s, command: { ref: c1, status: succeeded } }
  - { after: nope, wait: 1s }
`,
        FILE,
      ),
    );
    expect(err.code).toBe('TB_ERR_SCENARIOS_BAD_REFERENCE');
    expect(err.message).toContain(`${FILE}:4:18: no fleet named 'g' (fleets: f)`);
    expect(err.message).toContain(`${FILE}:5:47: no earlier 'send_command … as: c1'`);
    expect(err.message).toContain(`${FILE}:6:14: 'after: nope' names no earlier step id`);
  });

  it('merges includes and puts step includes in place; errors point into the included file', () => {
    const read = files({
      '/virtual/frag/base.yaml':
        'tags: [quick]\nplatform: { config: { heartbeatTimeoutMs: 2000 } }\nsteps: [{ note: from base }]\n',
      '/virtual/frag/steps.yaml': 'steps:\n  - note: included\n  - wait: later\n',
    });
    const err = errorOf(() =>
      loadScenarioText(
        `name: x
include: [frag/base.yaml]
tags: [slow]
steps:
  - note: own
  - include: frag/steps.yaml
`,
        FILE,
        read,
      ),
    );
    expect(err.message).toContain('/virtual/frag/steps.yaml:3:11: expected a duration');
    const [ok] = loadScenarioText(
      `name: x
include: [frag/base.yaml]
tags: [slow]
steps:
  - note: own
  - include: frag/steps.yaml
`,
      FILE,
      files({
        '/virtual/frag/base.yaml':
          'tags: [quick]\nplatform: { config: { heartbeatTimeoutMs: 2000 } }\nsteps: [{ note: from base }]\n',
        '/virtual/frag/steps.yaml': 'steps:\n  - note: included\n',
      }),
    );
    expect(ok?.tags).toEqual(['quick', 'slow']);
    expect(ok?.doc.platform).toEqual({ config: { heartbeatTimeoutMs: 2000 } });
    expect(ok?.doc.steps).toEqual([{ note: 'from base' }, { note: 'own' }, { note: 'included' }]);
  });

  it('refuses include cycles and missing files', () => {
    const read = files({ '/virtual/a.yaml': 'include: [main.yaml]\n', '/virtual/main.yaml': '' });
    const err = errorOf(() =>
      loadScenarioText('name: x\ninclude: [a.yaml, none.yaml]\nsteps: [{ wait: 1s }]\n', FILE, read),
    );
    expect(err.code).toBe('TB_ERR_SCENARIOS_INCLUDE');
    expect(err.message).toContain('include cycle: /virtual/main.yaml → /virtual/a.yaml → /virtual/main.yaml');
    expect(err.message).toContain("cannot read include 'none.yaml'");
  });

  it('marks scenarios that restart the broker as exclusive', () => {
    const [i] = loadScenarioText('name: x\nsteps: [{ restart: broker }]\n', FILE);
    expect(i?.exclusive).toBe(true);
  });
});

describe('YAML mistakes', () => {
  it('says to quote braces inside a flow map', () => {
    try {
      loadScenarioText(
        'name: x\nfleets:\n  - { name: f, groups: [{ type: camera, count: 1, idPattern: cam-{n:02} }] }\nsteps: [{ wait: 1s }]\n',
        FILE,
      );
      throw new Error('expected an error');
    } catch (err) {
      expect((err as Error).message).toMatch(/main\.yaml:3:\d+: YAML: .*quote values such as 'env-\{n:02\}'/);
      expect((err as Error).message.split('\n')).toHaveLength(2);
    }
  });
});
