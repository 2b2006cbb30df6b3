import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_PACKAGES_DIR } from '../engine/paths.ts';
import { engineEnv } from './run-artillery.ts';

describe("artillery's environment", () => {
  it('finds the engine package through NODE_PATH, keeping what was there', () => {
    expect(engineEnv({}).NODE_PATH).toBe(ENGINE_PACKAGES_DIR);
    expect(engineEnv({ NODE_PATH: '/x' }).NODE_PATH).toBe(`${ENGINE_PACKAGES_DIR}${path.delimiter}/x`);
  });

  it('always runs the ensure plugin, next to the plugins already asked for', () => {
    expect(JSON.parse(engineEnv({}).ARTILLERY_PLUGINS ?? '')).toEqual({ ensure: {} });
    expect(
      JSON.parse(engineEnv({ ARTILLERY_PLUGINS: '{"apdex":{"threshold":100}}' }).ARTILLERY_PLUGINS ?? ''),
    ).toEqual({
      ensure: {},
      apdex: { threshold: 100 },
    });
  });
});
