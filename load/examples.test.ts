// Every example script (scenarios/load/*.yml) and every script in docs/load.md is one the engine
// accepts: known settings, known steps, an http target. (Running them is the integration tests' job.)
import { EventEmitter } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TwinbenchEngine, type ArtilleryHelpers } from './engine/twinbench-engine.ts';

const ROOT = new URL('..', import.meta.url);
const helpers: ArtilleryHelpers = {
  template: (v) => v,
  createThink: () => (ctx, cb) => cb(null, ctx),
  createLoopWithCount: () => (ctx, cb) => cb(null, ctx),
};

interface Script {
  config: {
    target?: string;
    engines?: Record<string, unknown>;
    phases?: unknown[];
    ensure?: unknown;
    plugins?: Record<string, unknown>;
  };
  scenarios: { engine?: string; flow?: unknown[] }[];
}

function accepts(script: Script): void {
  const engines = {
    ...script.config.engines,
    twinbench: {
      ...(script.config.engines?.twinbench as object),
      mqttUrl: 'mqtt://127.0.0.1:9',
      stream: false,
    },
  };
  const engine = new TwinbenchEngine({ config: { ...script.config, engines } } as never, undefined, helpers);
  for (const s of script.scenarios) {
    expect(s.engine).toBe('twinbench');
    engine.createScenario({ flow: s.flow ?? [] }, new EventEmitter());
  }
}

describe('example load scripts', async () => {
  const dir = new URL('scenarios/load/', ROOT);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'));

  it('are all there', () => {
    expect(files.sort()).toEqual([
      'command-storm.yml',
      'connection-storm.yml',
      'soak.yml',
      'steady-fleet.yml',
    ]);
  });

  it.each(files)('%s is accepted by the engine and has phases and ensure checks', async (file) => {
    const script = parse(await readFile(new URL(file, dir), 'utf8')) as Script;
    accepts(script);
    expect(script.config.phases?.length).toBeGreaterThan(0);
    expect(script.config.plugins).toHaveProperty('ensure');
    expect(script.config.ensure).toBeDefined();
  });

  it('docs/load.md scripts are accepted too', async () => {
    const md = await readFile(fileURLToPath(new URL('docs/load.md', ROOT)), 'utf8');
    const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1] as string)
      .filter((b) => b.includes('engine: twinbench'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) accepts(parse(b) as Script);
  });
});
