import { describe, expect, it } from 'vitest';
import { ResetLogic, type Lines } from './reset-circuit.ts';

const run = (logic: ResetLogic, steps: Lines[]) => steps.map((l) => logic.apply(l));
const L = (dtr: 0 | 1, rts: 0 | 1): Lines => ({ dtr: dtr === 1, rts: rts === 1 });

describe('reset circuits', () => {
  it('classic: EN low only with RTS and not DTR; IO0 low only with DTR and not RTS', () => {
    const logic = new ResetLogic('classic');
    // esptool's ClassicReset: D0 R1 (hold), D1 R0 (release with IO0 low), D0 R0.
    expect(run(logic, [L(0, 1), L(1, 0), L(0, 0)]).map((e) => e.kind)).toEqual(['hold', 'release', 'none']);
    logic.apply(L(0, 1));
    logic.apply(L(1, 0));
    expect(logic.io0Low).toBe(true);
    expect(logic.inReset).toBe(false);
    // Both asserted (a terminal opening the port) or both released: the chip keeps running.
    expect(run(new ResetLogic('classic'), [L(1, 1), L(0, 0), L(1, 1)]).map((e) => e.kind)).toEqual([
      'none',
      'none',
      'none',
    ]);
  });

  it('usb-jtag-serial: esptool-js UsbJtagSerialReset ends in download mode; a plain RTS pulse boots the app', () => {
    const logic = new ResetLogic('usb-jtag-serial');
    // The (DTR, RTS) states esptool-js's sequence passes through, setRTS also re-sending DTR.
    const seq: Lines[] = [
      L(0, 0),
      L(0, 0),
      L(1, 0),
      L(1, 0),
      L(1, 1),
      L(1, 1),
      L(0, 1),
      L(0, 1),
      L(0, 1),
      L(0, 0),
      L(0, 0),
    ];
    const effects = run(logic, seq).filter((e) => e.kind !== 'none');
    expect(effects).toEqual([{ kind: 'reset', download: true }]);
    const hard = run(new ResetLogic('usb-jtag-serial'), [L(0, 0), L(0, 1), L(0, 0)]).filter(
      (e) => e.kind !== 'none',
    );
    expect(hard).toEqual([{ kind: 'reset', download: false }]);
  });
});
