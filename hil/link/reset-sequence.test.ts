import { describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import type { HilClock } from '../clock.ts';
import { parseResetSequence, runResetSequence, RESET_SEQUENCES } from './reset-sequence.ts';

/** A clock that records waits and advances instantly. */
function steppingClock(): HilClock & { waited: number[] } {
  let t = 0;
  const waited: number[] = [];
  return { waited, now: () => t, sleep: async (ms) => void (waited.push(ms), (t += ms)) };
}

describe('reset sequences', () => {
  it("parses esptool's notation, waits in seconds", () => {
    expect(parseResetSequence('D0|R1|W0.1|D1|R0|W0.05|D0')).toEqual([
      { kind: 'set', dtr: false },
      { kind: 'set', rts: true },
      { kind: 'wait', ms: 100 },
      { kind: 'set', dtr: true },
      { kind: 'set', rts: false },
      { kind: 'wait', ms: 50 },
      { kind: 'set', dtr: false },
    ]);
    expect(parseResetSequence('U1,0')).toEqual([{ kind: 'set', dtr: true, rts: false }]);
  });

  it('accepts the named sequences', () => {
    expect(parseResetSequence('classic')).toEqual(parseResetSequence(RESET_SEQUENCES.classic));
  });

  it('names the bad step', () => {
    expect(() => parseResetSequence('D0|X1|W0.1')).toThrow(/bad step 'X1'/);
    expect(() => parseResetSequence('W100ms')).toThrow(
      expect.objectContaining({ code: HIL_ERROR_CODES.BAD_RESET_SEQUENCE }),
    );
  });

  it('always sets both lines, keeping the one a D or R step does not name', async () => {
    const calls: string[] = [];
    const clock = steppingClock();
    const link = {
      setSignals: async (s: { dtr: boolean; rts: boolean }) => void calls.push(`${+s.dtr}${+s.rts}`),
    };
    const end = await runResetSequence(link, 'D0|R1|W0.1|D1|R0|W0.05|D0', { clock });
    expect(calls).toEqual(['00', '01', '11', '10', '00']);
    expect(clock.waited).toEqual([100, 50]);
    expect(end).toEqual({ dtr: false, rts: false });
  });
});
