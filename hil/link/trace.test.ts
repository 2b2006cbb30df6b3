import { describe, expect, it } from 'vitest';
import type { SerialLink } from './serial-link.ts';
import { hexDump, tracedLink, traceWanted } from './trace.ts';

/** A link whose far end the test drives: what is written is kept, `emit` delivers bytes. */
function recordingLink() {
  const listeners = new Set<(c: Uint8Array) => void>();
  const calls: string[] = [];
  const link: SerialLink = {
    info: { kind: 'emulator', path: 'test://1' },
    closed: new Promise(() => {}),
    open: async (o) => void calls.push(`open ${o.baudRate}`),
    write: async (d) => void calls.push(`write ${d.length}`),
    onData: (l) => (listeners.add(l), () => listeners.delete(l)),
    setBaudRate: async (b) => void calls.push(`baud ${b}`),
    setSignals: async (s) => void calls.push(`signals ${+s.dtr}${+s.rts}`),
    purge: async () => void calls.push('purge'),
    close: async () => void calls.push('close'),
  };
  return { link, calls, emit: (b: Uint8Array) => listeners.forEach((l) => l(b)) };
}

describe('byte trace', () => {
  it('is off unless TB_HIL_TRACE asks for it', () => {
    expect(traceWanted({})).toBe(false);
    expect(traceWanted({ TB_HIL_TRACE: '1' })).toBe(true);
    expect(traceWanted({ TB_HIL_TRACE: '0' })).toBe(false);
  });

  it('dumps bytes as esptool-js does: 16 a line, hex and printable ASCII', () => {
    expect(hexDump(Uint8Array.of(0xc0, 0x00, 0x08, 0x41, 0x42, 0xff))).toBe(
      '    c0 00 08 41 42 ff' + ' '.repeat(31) + '| ...AB.',
    );
    expect(hexDump(new Uint8Array(40), 16).split('\n')).toHaveLength(2);
    expect(hexDump(new Uint8Array(40), 16)).toMatch(/… 24 more bytes$/);
  });

  it('traces every call and every chunk once, with time deltas, and passes everything through', async () => {
    const { link, calls, emit } = recordingLink();
    const lines: string[] = [];
    let t = 0;
    const traced = tracedLink(
      link,
      (l) => lines.push(l),
      () => (t += 1.5),
    );
    const got: number[] = [];
    traced.onData((c) => got.push(c.length));
    traced.onData((c) => got.push(c.length));
    await traced.open({ baudRate: 115200 });
    await traced.setSignals({ dtr: true, rts: false });
    await traced.write(Uint8Array.of(1, 2, 3));
    emit(Uint8Array.of(0x4f, 0x48, 0x41, 0x49));
    expect(calls).toEqual(['open 115200', 'signals 10', 'write 3']);
    expect(got).toEqual([4, 4]);
    expect(lines.map((l) => l.split('\n')[0])).toEqual([
      'TRACE +1.500ms test://1 open 115200 baud',
      'TRACE +1.500ms test://1 signals DTR=1 RTS=0',
      'TRACE +1.500ms test://1 write 3 bytes',
      'TRACE +1.500ms test://1 read 4 bytes',
    ]);
    expect(lines[3]).toContain('| OHAI');
  });
});
