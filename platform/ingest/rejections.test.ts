import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../plugins/metrics.ts';
import { LOG_KEYS_PER_REASON, Rejections, type RejectReason } from './rejections.ts';

/** Rejections with a real pino logger writing into an array, real metrics and a clock the test moves. */
function setup(intervalMs = 10_000) {
  let now = 0;
  const logged: Record<string, unknown>[] = [];
  const log = pino({ level: 'info', base: null }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const metrics = createMetrics();
  const rejections = new Rejections({ intervalMs, log, metrics, now: () => now });
  const counted = async (reason: RejectReason) =>
    (await metrics.rejected.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
  return { rejections, logged, metrics, counted, advance: (ms: number) => (now += ms) };
}

const bad = (deviceId: string | undefined, message = 'payload is not JSON') => ({
  ...(deviceId ? { deviceId } : {}),
  topic: `tb/v1/${deviceId ?? 'x'}/telemetry`,
  message,
});

describe('Rejections', () => {
  it('logs the first rejection of a device and reason as a warning naming both', () => {
    const { rejections, logged } = setup();
    rejections.reject('malformed_json', bad('env-1'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 40,
      deviceId: 'env-1',
      topic: 'tb/v1/env-1/telemetry',
      reason: 'malformed_json',
      suppressedSinceLast: 0,
      msg: 'rejected: payload is not JSON',
    });
  });

  it('counts every rejection but logs a device and reason once per interval', async () => {
    const { rejections, logged, counted, advance } = setup(10_000);
    for (let i = 0; i < 100; i++) {
      rejections.reject('malformed_json', bad('env-1'));
      advance(10);
    }
    expect(logged).toHaveLength(1);
    expect(await counted('malformed_json')).toBe(100);
  });

  it('logs again after the interval, saying how many it kept quiet', async () => {
    const { rejections, logged, counted, advance } = setup(1_000);
    rejections.reject('invalid_payload', bad('env-1'));
    advance(400);
    rejections.reject('invalid_payload', bad('env-1'));
    advance(599);
    rejections.reject('invalid_payload', bad('env-1'));
    expect(logged).toHaveLength(1);
    advance(1);
    rejections.reject('invalid_payload', bad('env-1', 'humidity 140 is over 100'));
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatchObject({ suppressedSinceLast: 2, msg: 'rejected: humidity 140 is over 100' });
    expect(await counted('invalid_payload')).toBe(4);
  });

  it('keeps separate intervals per device and per reason', async () => {
    const { rejections, logged, counted } = setup();
    rejections.reject('malformed_json', bad('env-1'));
    rejections.reject('malformed_json', bad('env-2'));
    rejections.reject('oversized', bad('env-1'));
    rejections.reject('malformed_json', bad('env-1'));
    expect(logged.map((l) => [l.deviceId, l.reason])).toEqual([
      ['env-1', 'malformed_json'],
      ['env-2', 'malformed_json'],
      ['env-1', 'oversized'],
    ]);
    expect(await counted('malformed_json')).toBe(3);
    expect(await counted('oversized')).toBe(1);
  });

  it('keys rejections without a device by their topic', () => {
    const { rejections, logged } = setup();
    rejections.reject('unknown_topic', { topic: 'a/b', message: 'no topic profile knows a/b' });
    rejections.reject('unknown_topic', { topic: 'a/b', message: 'no topic profile knows a/b' });
    rejections.reject('unknown_topic', { topic: 'c/d', message: 'no topic profile knows c/d' });
    expect(logged.map((l) => l.topic)).toEqual(['a/b', 'c/d']);
    expect(logged[0]).not.toHaveProperty('deviceId');
  });

  it('logs every rejection with an interval of 0', () => {
    const { rejections, logged } = setup(0);
    for (let i = 0; i < 3; i++) rejections.reject('no_type', bad('env-1'));
    expect(logged).toHaveLength(3);
  });

  it('shows the counts in the Prometheus text', async () => {
    const { rejections, metrics } = setup();
    rejections.reject('unknown_device', bad('env-9'));
    rejections.reject('unknown_device', bad('env-9'));
    expect(await metrics.registry.metrics()).toContain(
      'twinbench_messages_rejected_total{reason="unknown_device"} 2',
    );
  });

  it('logs a flood of ever new topics as a few lines per reason and interval, and says how many it kept quiet', async () => {
    const { rejections, logged, counted, advance } = setup(1_000);
    for (let i = 0; i < 10_000; i++)
      rejections.reject('invalid_device_id', { topic: `tb/v1/bad\\${i}/telemetry`, message: 'bad id' });
    expect(logged).toHaveLength(LOG_KEYS_PER_REASON);
    expect(await counted('invalid_device_id')).toBe(10_000);
    advance(1_000);
    rejections.reject('invalid_device_id', { topic: 'tb/v1/bad\\x/telemetry', message: 'bad id' });
    expect(logged).toHaveLength(LOG_KEYS_PER_REASON + 1);
    expect(logged.at(-1)).toMatchObject({ suppressedOtherKeys: 10_000 - LOG_KEYS_PER_REASON });
  });

  it('cuts a huge name or topic in the log line', () => {
    const { rejections, logged } = setup();
    const name = 'x'.repeat(60_000);
    rejections.reject('invalid_device_id', {
      deviceId: name,
      topic: `$aws/things/${name}/shadow/update`,
      message: name,
    });
    const line = JSON.stringify(logged[0]);
    expect(line.length).toBeLessThan(1_000);
    expect(logged[0]!.deviceId).toMatch(/…\(60000 chars\)$/);
  });

  it('logs internal errors at error level, counted and under the same limits', async () => {
    const { rejections, logged, counted } = setup();
    for (let i = 0; i < 1_000; i++)
      rejections.internal(new RangeError('boom'), { topic: 'tb/v1/env-1/events' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, err: { type: 'RangeError', message: 'boom' } });
    expect(await counted('internal_error')).toBe(1_000);
  });
});
