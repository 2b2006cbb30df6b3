// `twinbench profile test` as a user runs it: the real binary, a built-in profile and a profile file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support.ts';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tb-profile-'));
  await writeFile(
    file('esp.json'),
    JSON.stringify({
      device_id: 'esp32-01',
      timestamp: 1732950000,
      sensors: { temperature: { value: 70.7, unit: '°F' }, humidity: 45, co2: 400 },
      rssi: -61,
      free_heap: 182000,
      uptime: 3600,
    }),
  );
  await writeFile(
    file('acme.yaml'),
    [
      'name: acme',
      'telemetry: acme/{id}/up',
      'command: acme/{id}/down',
      'deviceType: smart_breaker',
      'mapping:',
      '  strict: true',
      '  fields: { in: [metrics] }',
      '  values: { breaker_state: { "1": closed, "0": open } }',
      '  aliases: { state: breaker_state }',
      '',
    ].join('\n'),
  );
  await writeFile(
    file('bad.yaml'),
    'name: bad\ntelemetry: bad/{id}/up\ncommand: bad/{id}/down\nmapping:\n  strict: maybe\n',
  );
  await writeFile(file('breaker.json'), JSON.stringify({ metrics: { state: 1, current: { a: 4 } } }));
  await writeFile(file('breaker-extra.json'), JSON.stringify({ metrics: { state: 0, colour: 'red' } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('twinbench profile test', () => {
  it('prints the fields, time, metadata and unknown keys of a message on a built-in profile', async () => {
    const r = await runCli([
      'profile',
      'test',
      'iot-node',
      file('esp.json'),
      '--topic',
      'iot/node/esp32-01/telemetry',
      '--type',
      'env_sensor',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('time: 2024-11-30T07:00:00.000Z');
    expect(r.stdout).toMatch(/temperature\s+21\.5/);
    expect(r.stdout).toMatch(/uptime_s\s+3600/);
    expect(r.stdout).toMatch(/free_heap\s+182000/);
    expect(r.stdout).toContain('unknown (dropped and counted; a strict profile rejects them): sensors.co2');
    expect(r.stdout).toContain('ACCEPTED');
  });

  it('reads a profile file, and exits 1 naming the key a strict profile rejects', async () => {
    const ok = await runCli([
      'profile',
      'test',
      file('acme.yaml'),
      file('breaker.json'),
      '--topic',
      'acme/b1/up',
      '--json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      fields: { breaker_state: 'closed', current_a: 4 },
    });
    const bad = await runCli([
      'profile',
      'test',
      file('acme.yaml'),
      file('breaker-extra.json'),
      '--topic',
      'acme/b1/up',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('REJECTED');
    expect(bad.stdout).toContain('metrics.colour: unknown key; this profile is strict');
  });

  it('reports a broken profile file at file:line:col', async () => {
    const r = await runCli([
      'profile',
      'test',
      file('bad.yaml'),
      file('breaker.json'),
      '--topic',
      'bad/b1/up',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file('bad.yaml')}:5:11: mapping.strict:`);
  });

  it("runs docs/byo-firmware.md's worked example as the page shows it", async () => {
    const examples = path.join(import.meta.dirname, '../../docs/examples/byo-firmware');
    const r = await runCli([
      'profile',
      'test',
      path.join(examples, 'acme-profile.yaml'),
      path.join(examples, 'acme-message.json'),
      '--topic',
      'acme/brk-7/up',
    ]);
    expect(r.code, r.stderr).toBe(0);
    for (const line of [
      'time: 2024-11-30T07:00:00.000Z (1732950000000 ms, from the message)',
      '  voltage_an     230.5',
      '  current_a      1.5',
      '  breaker_state  "closed"',
      '  uptime_s       3600',
      '  free_heap  91000',
      'ignored by rule: fw',
    ])
      expect(r.stdout).toContain(line);
  });

  it('maps onto a device type from a file (--device-types)', async () => {
    await writeFile(
      file('soil.json'),
      JSON.stringify({
        data: { moisture: { value: 41.5, unit: '%' }, soil_temperature: { value: 59, unit: '°F' } },
      }),
    );
    const types = path.join(import.meta.dirname, '../../docs/examples/device-types/soil-probe.yaml');
    const r = await runCli([
      'profile',
      'test',
      'iot-node',
      file('soil.json'),
      '--topic',
      'iot/node/soil-1/telemetry',
      '--type',
      'soil_probe',
      '--device-types',
      types,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      fields: { moisture: 41.5, soil_temperature: 15 },
    });
  });
});
