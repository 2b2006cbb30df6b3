// HistoryWriter's durability bookkeeping (whenDurable, settled) against a database whose answers the
// test releases one by one; the writer against a real InfluxDB is in writer.int.test.ts.
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../runtime/index.ts';
import { HistoryWriter } from './writer.ts';

/** A write that waits until the test answers it. */
interface PendingWrite {
  lines: readonly string[];
  ok: () => void;
  fail: (err: Error) => void;
}

function controlledClient() {
  const writes: PendingWrite[] = [];
  return {
    writes,
    client: {
      write: (lines: readonly string[]) =>
        new Promise<void>((ok, fail) => writes.push({ lines: [...lines], ok, fail })),
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('HistoryWriter.whenDurable', () => {
  it('is undefined when nothing is pending, and resolves once the lines pushed before it are written', async () => {
    const { client, writes } = controlledClient();
    const w = new HistoryWriter({ client, maxBatchLines: 2, flushIntervalMs: 60_000, concurrency: 2 });
    expect(w.whenDurable()).toBeUndefined();
    w.push('a');
    const first = w.whenDurable();
    expect(w.whenDurable()).toBe(first); // callers between two batches share one promise
    w.push('b'); // a full batch: sent at once
    const withB = w.whenDurable();
    w.push('c'); // in the next batch: its message must not hold back the first batch's
    const second = w.whenDurable();
    expect(second).not.toBe(first);
    let done = '';
    void first?.then(() => (done += '1'));
    void withB?.then(() => (done += 'b'));
    void second?.then(() => (done += '2'));
    expect(writes.map((x) => x.lines)).toEqual([['a', 'b']]);
    writes[0]?.ok();
    await tick();
    expect(done).toBe('1b');
    expect(w.settled).toBe(2);
    void w.flush();
    writes[1]?.ok();
    await tick();
    expect(done).toBe('1b2');
    expect(w.whenDurable()).toBeUndefined();
  });

  it('waits for an earlier batch that failed and is retried, even when a later one was written', async () => {
    const { client, writes } = controlledClient();
    const w = new HistoryWriter({ client, maxBatchLines: 1, flushIntervalMs: 5, concurrency: 2 });
    w.push('a');
    const a = w.whenDurable();
    w.push('b');
    const b = w.whenDurable();
    let done = '';
    void a?.then(() => (done += 'a'));
    void b?.then(() => (done += 'b'));
    writes[1]?.ok(); // b written first
    writes[0]?.fail(new Error('connection refused')); // a will be retried
    await tick();
    expect(done).toBe('');
    expect(w.settled).toBe(0);
    expect(w.depth).toBe(1);
    await new Promise((r) => setTimeout(r, 400)); // the backoff (200 ms) before the retry
    expect(writes[2]?.lines).toEqual(['a']);
    writes[2]?.ok();
    await tick();
    expect(done).toBe('ab');
    expect(w.settled).toBe(2);
  });

  it('settles lines InfluxDB refuses as data (retrying cannot help): their messages are acknowledged', async () => {
    const { client, writes } = controlledClient();
    const w = new HistoryWriter({ client, maxBatchLines: 1, flushIntervalMs: 60_000 });
    w.push('m x="conflict"');
    const durable = w.whenDurable();
    writes[0]?.fail(
      new RuntimeError('TB_ERR_RUNTIME_INFLUX_REQUEST', 'field type conflict', { upstreamStatus: 400 }),
    );
    await durable;
    expect(w.dropped).toBe(1);
    expect(w.settled).toBe(1);
  });
});

describe('HistoryWriter.flushSoon', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('sends a lone change at once, and what comes within the gap or during a write in one request after it', async () => {
    const { client, writes } = controlledClient();
    const w = new HistoryWriter({ client, flushIntervalMs: 60_000, soonGapMs: 50 });
    w.push('a');
    w.flushSoon();
    w.flushSoon(); // one turn, one request
    expect(writes).toHaveLength(0);
    await sleep(5);
    expect(writes.map((x) => x.lines)).toEqual([['a']]);
    // While 'a' is written, two more changes wait: they share the next request, once 'a' is done and
    // the gap since its start has passed.
    w.push('b');
    w.flushSoon();
    w.push('c');
    w.flushSoon();
    writes[0]?.ok();
    await sleep(10);
    expect(writes).toHaveLength(1);
    await sleep(60);
    expect(writes.map((x) => x.lines)).toEqual([['a'], ['b', 'c']]);
    writes[1]?.ok();
    await tick();
    expect(w.whenDurable()).toBeUndefined();
    // The gap has passed: the next lone change goes at once again.
    await sleep(60);
    w.push('d');
    w.flushSoon();
    await sleep(5);
    expect(writes).toHaveLength(3);
    writes[2]?.ok();
    await w.close(0);
  });

  it('sends nothing while backing off from a failed write: the timer probes first', async () => {
    const { client, writes } = controlledClient();
    const w = new HistoryWriter({ client, flushIntervalMs: 60_000, soonGapMs: 0 });
    w.push('a');
    w.flushSoon();
    await sleep(5);
    writes[0]?.fail(new Error('down'));
    await tick();
    w.push('b');
    w.flushSoon();
    await sleep(5);
    expect(writes).toHaveLength(1);
    await w.close(0);
  });
});
