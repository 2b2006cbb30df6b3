// Every character class through MQTT → the platform → InfluxDB line protocol → InfluxQL → the REST
// history, on a real Mosquitto and InfluxDB (issue 15): what line protocol can carry comes back exactly,
// a line break in a string field comes back as a space (line protocol has no escape for it), and what
// no escape can carry in a tag (a backslash, a line break) is refused at the edge, never in a batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness, type TestDevice } from './harness.ts';

let h: Harness;
let dev: TestDevice;
const ID = 'env-chars';
const BASE_TS = Date.UTC(2026, 0, 2);

const CLASSES: [string, string][] = [
  ['double quotes', 'say "hi"'],
  ['single quotes', "it's"],
  ['a backslash', 'a\\b'],
  ['a trailing backslash', 'end\\'],
  ['backslash before a quote', 'x\\"y'],
  ['commas', 'a,b,,c'],
  ['spaces', ' lead and trail '],
  ['equals signs', 'k=v=w'],
  ['a newline', 'line1\nline2'],
  ['a carriage return', 'a\r\nb'],
  ['a tab', 'a\tb'],
  ['control characters', 'nul\u0000bel\u0007us\u001f'],
  ['unicode', 'Grüße 中文 ñ'],
  ['emoji', '😀👍🏽🇨🇭'],
  ['InfluxQL', "x' OR 1=1 --"],
  ['line protocol', 'm,t=x f=1i 1'],
  ['all at once', ` "q' \\ , = \n\r\t\u0001 ü 😀 \\`],
];

beforeAll(async () => {
  h = await startHarness({ history: { flushIntervalMs: 20 } });
  dev = await h.device(ID, { subscribe: [`tb/v1/${ID}/events/rejected`] });
  await dev.publish(`tb/v1/${ID}/status`, { online: true, type: 'env_sensor' });
});
afterAll(() => h?.close());

type Rows = { columns: string[]; rows: unknown[][] };
const history = async (query: string) => {
  const res = await h.api<Rows>(`/devices/${ID}/history?from=${BASE_TS - 1}&to=${BASE_TS + 1_000}&${query}`);
  expect(res.status).toBe(200);
  return res.body.rows.map((r) => Object.fromEntries(res.body.columns.map((c, i) => [c, r[i]])));
};

describe('every character class to InfluxDB and back', () => {
  it('stores each in a telemetry string field: exactly, but a line break as a space', async () => {
    for (const [i, [, value]] of CLASSES.entries())
      await dev.publish(`tb/v1/${ID}/telemetry`, { seq: i, ts: BASE_TS + i, fields: { fw_version: value } });
    const rows = await eventually(async () => {
      const r = await history('fields=fw_version,_seq');
      expect(r).toHaveLength(CLASSES.length);
      return r;
    }, 10_000);
    for (const [i, [what, value]] of CLASSES.entries())
      expect(rows[i], what).toEqual({
        time: BASE_TS + i,
        fw_version: value.replace(/[\n\r]/g, ' '),
        _seq: i,
      });
  });

  it('stores each in event details (JSON) exactly', async () => {
    for (const [i, [, value]] of CLASSES.entries())
      await dev.publish(`tb/v1/${ID}/events`, { type: 'note', ts: BASE_TS + 100 + i, text: value });
    const rows = await eventually(async () => {
      const r = await history('kind=events');
      expect(r).toHaveLength(CLASSES.length);
      return r;
    }, 10_000);
    for (const [i, [what, value]] of CLASSES.entries()) {
      expect(rows[i]!.type, what).toBe('note');
      expect(JSON.parse(rows[i]!.data as string), what).toMatchObject({ type: 'note', text: value });
    }
  });

  it('keeps commas, spaces, equals signs, quotes, unicode and emoji in a tag (the event type)', async () => {
    const type = `a, b=c "q' ü 😀\t`;
    await dev.publish(`tb/v1/${ID}/events`, { type, ts: BASE_TS + 500 });
    const rows = await eventually(async () => {
      const r = (await history('kind=events')).filter((e) => e.time === BASE_TS + 500);
      expect(r).toHaveLength(1);
      return r;
    }, 10_000);
    expect(rows[0]!.type).toBe(type);
  });

  it('refuses an event type with a backslash or a line break at the edge, and the batch around it is stored', async () => {
    const before = await h.metric('twinbench_history_dropped_lines_total');
    await dev.publish(`tb/v1/${ID}/events`, { type: 'ok-1', ts: BASE_TS + 600 });
    for (const type of ['back\\slash', 'trailing\\', 'new\nline'])
      await dev.publish(`tb/v1/${ID}/events`, { type, ts: BASE_TS + 601 });
    await dev.publish(`tb/v1/${ID}/events`, { type: 'ok-2', ts: BASE_TS + 602 });
    const refusals = await eventually(() => {
      const r = dev.received.filter((m) => m.topic === `tb/v1/${ID}/events/rejected`);
      expect(r).toHaveLength(3);
      return r.map((m) => (m.json as { message: string }).message);
    });
    for (const m of refusals) expect(m).toMatch(/line protocol cannot carry/);
    await eventually(async () => {
      const types = (await history('kind=events')).filter((e) => (e.time as number) >= BASE_TS + 600);
      expect(types.map((e) => e.type)).toEqual(['ok-1', 'ok-2']);
    }, 10_000);
    expect(await h.metric('twinbench_history_dropped_lines_total')).toBe(before);
  });
});
