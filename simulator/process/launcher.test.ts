import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIMULATOR_ENV, SIMULATOR_EXEC_ARGV } from './bundle.ts';
import { simulatorLauncher } from './launcher.ts';

// A stand-in for the bundle that says how it was started; the script runs under the real sh and node.
const dir = mkdtempSync(path.join(tmpdir(), 'tb-launcher-'));
const probe = path.join(dir, "it's a probe.cjs");
writeFileSync(
  probe,
  'process.stdout.write(JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2), env: process.env }))',
);
const script = path.join(dir, 'simulator.sh');
writeFileSync(script, simulatorLauncher(probe, { node: process.execPath }));

interface Seen {
  execArgv: string[];
  argv: string[];
  env: Record<string, string>;
}
const run = (env: Record<string, string | undefined>, ...args: string[]): Seen => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in SIMULATOR_ENV)));
  return JSON.parse(
    execFileSync('sh', [script, ...args], { env: { ...clean, ...env }, encoding: 'utf8' }),
  ) as Seen;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the simulator launcher script (the simulator image entry)', () => {
  it('runs the bundle with the V8 flags and environment of a forked simulator worker', () => {
    const seen = run({}, '{"seed":7}');
    expect(seen.execArgv).toEqual(SIMULATOR_EXEC_ARGV);
    expect(seen.argv).toEqual(['{"seed":7}']);
    for (const [name, value] of Object.entries(SIMULATOR_ENV)) expect(seen.env[name]).toBe(value);
  });

  it('leaves a value already in the environment as it is, even an empty one', () => {
    const [name] = Object.keys(SIMULATOR_ENV);
    expect(name).toBeDefined();
    expect(run({ [name as string]: '65536' }).env[name as string]).toBe('65536');
    expect(run({ [name as string]: '' }).env[name as string]).toBe('');
  });

  it('refuses an environment name a shell could not set', () => {
    expect(() => simulatorLauncher('/app/simulator.cjs', { env: { 'A-B': '1' } })).toThrow(
      /not an environment variable name/,
    );
  });
});
