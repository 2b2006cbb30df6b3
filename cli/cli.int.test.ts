import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support.ts';

describe('twinbench stack', () => {
  it('up starts a background stack that status checks and down stops completely', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-cli-'));
    const state = path.join(dir, 'stack.json');
    const up = await runCli(['stack', 'up', '--stack', 'local', '--state', state]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/mqtt\s+mqtt:\/\/127\.0\.0\.1:\d+/);
    const recorded = JSON.parse(await readFile(state, 'utf8')) as {
      pid: number;
      info: { services: { id: string }[] };
    };
    const pids = [recorded.pid, ...recorded.info.services.map((s) => Number(s.id))];

    const status = await runCli(['stack', 'status', '--state', state]);
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toContain('mqtt      ok');
    expect(status.stdout).toMatch(/influxdb\s+ok \(version/);

    const env = await runCli(['stack', 'status', '--env', '--state', state]);
    expect(env.stdout).toContain('export TWINBENCH_MQTT_URL=mqtt://127.0.0.1:');

    const down = await runCli(['stack', 'down', '--state', state]);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('Stack stopped');
    for (const pid of pids) expect(alive(pid), `pid ${pid} still runs`).toBe(false);

    const after = await runCli(['stack', 'status', '--state', state]);
    expect(after.code).toBe(3);
    expect(after.stdout).toContain('No stack is up');
    await rm(dir, { recursive: true, force: true });
  });

  it('says how to get an engine when none answers', async () => {
    const res = await runCli(
      [
        'stack',
        'up',
        '--foreground',
        '--stack',
        'containers',
        '--state',
        path.join(os.tmpdir(), 'tb-no-engine.json'),
      ],
      {
        DOCKER_HOST: 'unix:///tmp/twinbench-no-such-docker.sock',
      },
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('No container engine answers');
    expect(res.stderr).toContain('--stack local');
    expect(res.stderr).toContain('TB_ERR_STACK_NO_ENGINE');
  });

  it('doctor reports node, the engine and what auto picks', async () => {
    const res = await runCli(['doctor', '--json']);
    const checks = JSON.parse(res.stdout) as { name: string; ok: boolean | string; detail: string }[];
    expect(checks.find((c) => c.name === 'node')?.detail).toMatch(/^v24\./);
    expect(checks.find((c) => c.name === '--stack auto')?.ok).toBe(true);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['container engine', 'mosquitto', 'influxd', 'port 1883']),
    );
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
