import type { ResetCircuit } from './personalities.ts';

/** DTR/RTS as the host sets them (true = asserted). */
export interface Lines {
  dtr: boolean;
  rts: boolean;
}

/** What a change of the lines does to the chip. */
export type LineEffect =
  | { kind: 'none' }
  /** EN pulled low: the chip stops and stays in reset until `release`. */
  | { kind: 'hold' }
  /** EN released: the chip starts after the EN delay, sampling IO0 then. */
  | { kind: 'release' }
  /** The USB-JTAG-serial peripheral resets the chip now, into download mode or not. */
  | { kind: 'reset'; download: boolean };

/**
 * The two reset circuits, as data the board evaluates on every change of DTR/RTS.
 *
 * `classic` — the two-transistor auto-reset circuit on USB-UART boards (esptool's ClassicReset):
 * EN is low only while RTS is asserted and DTR is not; IO0 is low only while DTR is asserted and RTS
 * is not. Both asserted or both released leave the chip running. EN has an RC delay, so IO0 set
 * within it still selects the boot mode (what makes `D0|R1|W100|D1|R0` work over two messages).
 *
 * `usb-jtag-serial` — the ESP32-S3/-C3 built-in USB-Serial/JTAG (TRM "USB Serial/JTAG Controller"):
 * RTS=0 DTR=0 clears the download flag, RTS=0 DTR=1 sets it, entering RTS=1 DTR=0 resets the chip
 * (into download mode when the flag is set), RTS=1 DTR=1 does nothing (esptool's UsbJtagSerialReset).
 */
export interface CircuitModel {
  enLow(l: Lines): boolean;
  io0Low(l: Lines): boolean;
}

export const CLASSIC: CircuitModel = {
  enLow: (l) => l.rts && !l.dtr,
  io0Low: (l) => l.dtr && !l.rts,
};

export class ResetLogic {
  #lines: Lines = { dtr: false, rts: false };
  #downloadFlag = false;

  readonly circuit: ResetCircuit;

  constructor(circuit: ResetCircuit) {
    this.circuit = circuit;
  }

  get lines(): Lines {
    return { ...this.#lines };
  }

  /** IO0 as the classic circuit drives it now (the boot-mode strap). */
  get io0Low(): boolean {
    return CLASSIC.io0Low(this.#lines);
  }

  /** Whether EN is held low now (classic circuit only). */
  get inReset(): boolean {
    return this.circuit === 'classic' && CLASSIC.enLow(this.#lines);
  }

  apply(next: Lines): LineEffect {
    const prev = this.#lines;
    this.#lines = { ...next };
    if (this.circuit === 'classic') {
      const wasLow = CLASSIC.enLow(prev);
      const isLow = CLASSIC.enLow(next);
      if (!wasLow && isLow) return { kind: 'hold' };
      if (wasLow && !isLow) return { kind: 'release' };
      return { kind: 'none' };
    }
    if (!next.rts && !next.dtr) this.#downloadFlag = false;
    else if (!next.rts && next.dtr) this.#downloadFlag = true;
    else if (next.rts && !next.dtr && !(prev.rts && !prev.dtr)) {
      return { kind: 'reset', download: this.#downloadFlag };
    }
    return { kind: 'none' };
  }
}
