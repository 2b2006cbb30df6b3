import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import { ManualClock } from '../test-support/manual-clock.ts';
import { BoardConsole } from './board-console.ts';

const enc = (s: string) => new TextEncoder().encode(s);
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function consoleWith(clock = new ManualClock()) {
  return { clock, con: new BoardConsole({ name: 'dut1', clock, panicGraceMs: 100 }) };
}

describe('BoardConsole.expect', () => {
  it('finds text that arrived before the call and consumes up to the end of the match', async () => {
    const { con } = consoleWith();
    con.receive(enc('boot: ok\r\nready 1\r\nready 2\r\n'));
    const m = await con.expect('ready');
    expect(m.text).toBe('ready');
    expect(con.pending).toBe(' 1\nready 2\n');
    await con.expect('ready');
    expect(con.pending).toBe(' 2\n');
  });

  it('waits for text split across chunks and matches a regex across line breaks', async () => {
    const { con } = consoleWith();
    const p = con.expect(/cpu_start: (?<core>\w+)[\s\S]*app_main/);
    con.receive(enc('I (30) cpu_start: Pro'));
    con.receive(enc(' cpu up.\r\nI (40) main_task: Calling app_'));
    con.receive(enc('main()\r\n'));
    const m = await p;
    expect(m.named.core).toBe('Pro');
    expect(m.text).toContain('\n');
  });

  it('takes a list as any-of (reporting which) or, with all, every one in any order', async () => {
    const { con } = consoleWith();
    con.receive(enc('WIFI up\nMQTT up\n'));
    expect((await con.expect(['MQTT up', /WIFI \w+/])).index).toBe(1);
    con.receive(enc('b\na\n'));
    const both = await con.expect(['a', 'b'], { all: true });
    expect(both.text).toBe('b\na');
  });

  it('fails on a notMatching pattern seen before the match, consuming nothing', async () => {
    const { con } = consoleWith();
    con.receive(enc('E (10) wifi: auth failed\nready\n'));
    await expect(con.expect('ready', { notMatching: /E \(\d+\)/ })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.EXPECT_NOT_MATCHING,
      message: expect.stringContaining('auth failed'),
    });
    expect(con.pending).toContain('ready');
  });

  it('times out quoting the last lines', async () => {
    const { con, clock } = consoleWith();
    con.receive(enc('line A\nline B\n'));
    const p = con.expect('never', { timeoutMs: 500 });
    await clock.advance(499);
    con.receive(enc('line C\n'));
    const outcome = expect(p).rejects.toMatchObject({
      code: HIL_ERROR_CODES.EXPECT_TIMEOUT,
      message: expect.stringMatching(
        /waited 500 ms for "never"[\s\S]*\| line A\n {2}\| line B\n {2}\| line C/,
      ),
    });
    await clock.advance(1);
    await outcome;
  });

  it('says so when the board printed nothing at all', async () => {
    const { con, clock } = consoleWith();
    const outcome = expect(con.expect('hello', { timeoutMs: 100 })).rejects.toThrow(/printed nothing at all/);
    await clock.advance(100);
    await outcome;
  });

  it('fails with the panic text when the board panics before the match', async () => {
    const { con } = consoleWith();
    const p = con.expect('never printed');
    con.receive(
      enc(
        "I (5) app: go\nGuru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled.\n",
      ),
    );
    con.receive(
      enc('PC      : 0x400d1234\nBacktrace: 0x400d1234:0x3ffb0000 0x400d5678:0x3ffb0020\n\nRebooting...\n'),
    );
    await expect(p).rejects.toMatchObject({
      code: HIL_ERROR_CODES.PANIC,
      message: expect.stringMatching(/panicked \(LoadProhibited\)[\s\S]*Backtrace: 0x400d1234/),
    });
  });

  it('fails a panic without backtrace after the grace period', async () => {
    const { con, clock } = consoleWith();
    const outcome = expect(con.expect('x')).rejects.toMatchObject({ code: HIL_ERROR_CODES.PANIC });
    con.receive(enc("Guru Meditation Error: Core  1 panic'ed (IllegalInstruction)\n"));
    await clock.advance(99);
    expect(con.pending).toContain('Guru');
    await clock.advance(1);
    await outcome;
  });

  it('ignores panics when told to', async () => {
    const { con } = consoleWith();
    con.receive(enc("Guru Meditation Error: Core  0 panic'ed (LoadProhibited)\nRebooting...\n"));
    await expect(con.expect('Rebooting...', { panics: 'ignore' })).resolves.toMatchObject({
      text: 'Rebooting...',
    });
  });

  it('parses a Unity run into test cases', async () => {
    const { con } = consoleWith();
    con.receive(
      enc(
        'Running test_led_on...\r\n/src/test_led.c:12:test_led_on:PASS\r\n/src/test_led.c:20:test_led_off:FAIL: Expected 1 Was 0\r\n' +
          '/src/test_led.c:31:test blink [slow]:IGNORE\r\n\r\n-----------------------\r\n3 Tests 1 Failures 1 Ignored\r\nFAIL\r\n',
      ),
    );
    const r = await con.expectUnity();
    expect(r).toMatchObject({ tests: 3, failures: 1, ignored: 1, ok: false });
    expect(r.cases).toEqual([
      { file: '/src/test_led.c', line: 12, name: 'test_led_on', status: 'PASS' },
      {
        file: '/src/test_led.c',
        line: 20,
        name: 'test_led_off',
        status: 'FAIL',
        message: 'Expected 1 Was 0',
      },
      { file: '/src/test_led.c', line: 31, name: 'test blink [slow]', status: 'IGNORE' },
    ]);
  });

  it('writes a timestamped log of received and sent lines', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tb-console-'));
    const clock = new ManualClock();
    const logFile = join(dir, 'dut1.log');
    const con = new BoardConsole({ name: 'dut1', clock, logFile });
    const written: Uint8Array[] = [];
    con.attach({ onData: () => () => {}, write: async (d: Uint8Array) => void written.push(d) } as never);
    con.receive(enc('hello\r\nwor'));
    await clock.advance(1500);
    con.receive(enc('ld\n'));
    await con.send('help');
    await con.close();
    expect(new TextDecoder().decode(written[0])).toBe('help\n');
    expect(await readFile(logFile, 'utf8')).toBe(
      '1970-01-01T00:00:00.000Z hello\n1970-01-01T00:00:00.000Z world\n1970-01-01T00:00:01.500Z [sent] help\n',
    );
  });
});
