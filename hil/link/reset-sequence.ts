/**
 * Reset sequences as data, in esptool's custom-reset notation (`--after`/`custom_reset_sequence`
 * in esptool's config): `D0|R1|W0.1|D1|R0|W0.05|D0`.
 *
 *   D<0|1>      set DTR (keeps RTS as it is)
 *   R<0|1>      set RTS (keeps DTR as it is)
 *   U<d>,<r>    set DTR and RTS together, in one call (esptool's "tight" reset)
 *   W<seconds>  wait, e.g. W0.1 = 100 ms
 *
 * On the usual ESP32 dev-board circuit RTS drives EN (asserted = in reset) and DTR drives IO0
 * (asserted = low = download mode). Every step goes to `SerialLink.setSignals` with both lines.
 */
import { realClock, type HilClock } from '../clock.ts';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { SerialLink } from './serial-link.ts';

export type ResetStep = { kind: 'set'; dtr?: boolean; rts?: boolean } | { kind: 'wait'; ms: number };

/** The sequences esptool uses, written as data. */
export const RESET_SEQUENCES = {
  /**
   * Into the ROM loader, one line at a time (esptool's ClassicReset): what esptool uses over RFC 2217
   * and what esptool's esp_rfc2217_server recognises.
   */
  classic: 'D0|R1|W0.1|D1|R0|W0.05|D0',
  /** Into the ROM loader through a local USB-UART bridge, both lines at once (esptool's UnixTightReset). */
  tight: 'U0,0|U1,1|U0,1|W0.1|U1,0|W0.05|U0,0',
  /** Into the ROM loader through the chip's own USB-JTAG-serial port (S3, C3, C6). */
  usbJtagSerial: 'R0|D0|W0.1|D1|R0|W0.1|R1|D0|R1|W0.1|D0|R0',
  /** Reset into the app: EN pulsed with IO0 high (esptool's HardReset). */
  hard: 'U0,1|W0.1|U0,0',
} as const;

export type ResetSequenceName = keyof typeof RESET_SEQUENCES;

/** Parses a sequence (or one of the names in `RESET_SEQUENCES`); throws with the bad step. */
export function parseResetSequence(text: string): ResetStep[] {
  const source = (RESET_SEQUENCES as Record<string, string>)[text] ?? text;
  const steps: ResetStep[] = [];
  for (const raw of source.split('|')) {
    const token = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([DR])([01])$/.exec(token))) {
      steps.push(m[1] === 'D' ? { kind: 'set', dtr: m[2] === '1' } : { kind: 'set', rts: m[2] === '1' });
    } else if ((m = /^U([01]),([01])$/.exec(token))) {
      steps.push({ kind: 'set', dtr: m[1] === '1', rts: m[2] === '1' });
    } else if ((m = /^W(\d+(?:\.\d+)?)$/.exec(token))) {
      steps.push({ kind: 'wait', ms: Math.round(Number(m[1]) * 1000) });
    } else {
      throw new HilError(
        HIL_ERROR_CODES.BAD_RESET_SEQUENCE,
        `Reset sequence '${text}' has a bad step '${token}': use D0/D1, R0/R1, U<dtr>,<rts> and W<seconds> ` +
          `separated by '|' (e.g. ${RESET_SEQUENCES.classic}), or one of ${Object.keys(RESET_SEQUENCES).join(', ')}.`,
      );
    }
  }
  return steps;
}

/** Line state the runner keeps between steps (D and R change one line and resend both). */
export interface SignalState {
  dtr: boolean;
  rts: boolean;
}

/** Runs a sequence on a link; returns the line state at the end. */
export async function runResetSequence(
  link: Pick<SerialLink, 'setSignals'>,
  sequence: string | ResetStep[],
  options: { clock?: HilClock; initial?: SignalState } = {},
): Promise<SignalState> {
  const steps = typeof sequence === 'string' ? parseResetSequence(sequence) : sequence;
  const clock = options.clock ?? realClock;
  const state: SignalState = { ...(options.initial ?? { dtr: false, rts: false }) };
  for (const step of steps) {
    if (step.kind === 'wait') {
      await clock.sleep(step.ms);
    } else {
      if (step.dtr !== undefined) state.dtr = step.dtr;
      if (step.rts !== undefined) state.rts = step.rts;
      await link.setSignals({ ...state });
    }
  }
  return state;
}
