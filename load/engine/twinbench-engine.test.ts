import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LOAD_ERROR_CODES } from '../errors.ts';
import { TwinbenchEngine, type ArtilleryHelpers } from './twinbench-engine.ts';

const helpers: ArtilleryHelpers = {
  template: (v) => v,
  createThink: () => (ctx, cb) => cb(null, ctx),
  createLoopWithCount: (_count, steps) => (ctx, cb) => {
    let i = 0;
    const next = (err: unknown) => (err || i >= steps.length ? cb(err, ctx) : steps[i++]?.(ctx, next));
    next(null);
  },
};

const script = (engine: Record<string, unknown> = {}) => ({
  config: {
    target: 'http://127.0.0.1:9',
    engines: { twinbench: { mqttUrl: 'mqtt://127.0.0.1:9', stream: false, ...engine } },
  },
});

describe('the twinbench engine', () => {
  it('names the steps it knows when a flow has another', () => {
    const engine = new TwinbenchEngine(script(), undefined, helpers);
    expect(() => engine.createScenario({ flow: [{ conect: {} }] }, new EventEmitter())).toThrow(
      /unknown flow step \["conect"\]; the twinbench engine knows connect, publish, setDesired, command, expectTwin, disconnect, loop, think/,
    );
  });

  it('wants config.target to be the platform URL', () => {
    expect(
      () => new TwinbenchEngine({ config: { ...script().config, target: 'mqtt://x' } }, undefined, helpers),
    ).toThrow(/config.target "mqtt:\/\/x" is not the platform's URL/);
  });

  it('fails a virtual user that publishes before connecting, with the error code as artillery counts it', async () => {
    const engine = new TwinbenchEngine(script(), undefined, helpers);
    const ee = new EventEmitter();
    const errors: string[] = [];
    let started = 0;
    ee.on('error', (code: string) => errors.push(code));
    ee.on('started', () => started++);
    const vu = engine.createScenario({ flow: [{ loop: [{ think: 1 }, { publish: {} }], count: 1 }] }, ee);
    const err = await new Promise((resolve) => vu({ vars: {} }, (e) => resolve(e)));
    expect(err).toMatchObject({ code: LOAD_ERROR_CODES.NOT_CONNECTED });
    expect(errors).toEqual([LOAD_ERROR_CODES.NOT_CONNECTED]);
    expect(started).toBe(1);
  });
});
