/** SLIP framing as the ESP ROM loader uses it: frames between 0xC0; 0xC0 → DB DC, 0xDB → DB DD. */
export const SLIP_END = 0xc0;
const SLIP_ESC = 0xdb;
const SLIP_ESC_END = 0xdc;
const SLIP_ESC_ESC = 0xdd;

export function slipEncode(payload: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of payload) if (b === SLIP_END || b === SLIP_ESC) extra++;
  const out = new Uint8Array(payload.length + extra + 2);
  let o = 0;
  out[o++] = SLIP_END;
  for (const b of payload) {
    if (b === SLIP_END) {
      out[o++] = SLIP_ESC;
      out[o++] = SLIP_ESC_END;
    } else if (b === SLIP_ESC) {
      out[o++] = SLIP_ESC;
      out[o++] = SLIP_ESC_ESC;
    } else out[o++] = b;
  }
  out[o] = SLIP_END;
  return out;
}

/**
 * Incremental decoder: feed bytes as they arrive, get whole frames. Bytes outside a frame are
 * ignored (as the ROM does with line noise); an invalid escape drops the frame.
 */
export class SlipDecoder {
  #buf: number[] = [];
  #inFrame = false;
  #escaping = false;

  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const b of chunk) {
      if (b === SLIP_END) {
        if (this.#inFrame && this.#buf.length > 0) {
          frames.push(Uint8Array.from(this.#buf));
          this.#buf = [];
        }
        this.#inFrame = true;
        this.#escaping = false;
        continue;
      }
      if (!this.#inFrame) continue;
      if (this.#escaping) {
        this.#escaping = false;
        if (b === SLIP_ESC_END) this.#buf.push(SLIP_END);
        else if (b === SLIP_ESC_ESC) this.#buf.push(SLIP_ESC);
        else {
          this.#buf = [];
          this.#inFrame = false;
        }
      } else if (b === SLIP_ESC) this.#escaping = true;
      else this.#buf.push(b);
    }
    return frames;
  }

  reset(): void {
    this.#buf = [];
    this.#inFrame = false;
    this.#escaping = false;
  }
}
