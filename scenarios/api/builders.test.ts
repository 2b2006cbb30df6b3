import { describe, expect, it } from 'vitest';
import { loadScenarioText, prepareScenario } from '../format/load-scenario.ts';
import {
  after,
  always,
  at,
  command,
  eventually,
  inject,
  named,
  online,
  scenario,
  sendCommand,
  twin,
  waitUntil,
  setDesired,
} from './builders.ts';

describe('the TypeScript API', () => {
  it('builds the same document as the YAML it mirrors', () => {
    const yaml = loadScenarioText(
      `name: trips
tags: [quick]
fleets: [{ name: breakers, groups: [{ type: smart_breaker, count: 1, idPattern: 'brk-{n:02}' }] }]
steps:
  - { at: 1s, inject: { fault: { kind: overload, amps: 96 }, as: load } }
  - eventually: { twin: { device: brk-01, field: breaker_state, equals: tripped }, within: 10s }
  - { id: reset, send_command: { device: brk-01, name: reset, as: r } }
  - { after: reset, delay: 1s, eventually: { command: { ref: r, status: succeeded }, within: 5s } }
  - { wait_until: { online: { device: brk-01 }, within: 5s }, set_desired: { device: brk-01, state: { closed: true } } }
  - always: { online: { device: brk-01 }, during: 2s, background: true }
`,
      '/virtual/trips.yaml',
    );
    const def = scenario('trips', {
      tags: ['quick'],
      fleets: [{ name: 'breakers', groups: [{ type: 'smart_breaker', count: 1, idPattern: 'brk-{n:02}' }] }],
      steps: [
        at('1s', inject({ kind: 'overload', amps: 96 }, { as: 'load' })),
        eventually(twin({ device: 'brk-01', field: 'breaker_state', equals: 'tripped' }), '10s'),
        named('reset', sendCommand('brk-01', 'reset', { as: 'r' })),
        after('reset', eventually(command({ ref: 'r', status: 'succeeded' }), '5s'), '1s'),
        waitUntil(online({ device: 'brk-01' }), '5s', setDesired('brk-01', { closed: true })),
        always(online({ device: 'brk-01' }), '2s', { background: true }),
      ],
    });
    const [fromTs] = prepareScenario(def.doc);
    expect(fromTs?.doc).toEqual(yaml[0]?.doc);
  });

  it('reports mistakes by path when there is no file', () => {
    const def = scenario('bad', {
      steps: [eventually(twin({ device: 'x', field: 'y', equals: 1 }), 'soon')],
    });
    expect(() => prepareScenario(def.doc)).toThrow(
      'bad is not a valid scenario:\n  bad /steps/0/eventually/within: expected a duration',
    );
  });
});
