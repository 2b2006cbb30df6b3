import type { Handler } from '../session.ts';

const SYNC_PAYLOAD = [0x07, 0x07, 0x12, 0x20, ...Array<number>(32).fill(0x55)];

/**
 * SYNC: the ROM answers eight times with a non-zero value (esptool reads 1 + 7 answers and takes a
 * zero value as a sign it is talking to a stub, which answers once with 0).
 */
export const sync: Handler = (s, req) => {
  if (req.data.length !== SYNC_PAYLOAD.length || req.data.some((b, i) => b !== SYNC_PAYLOAD[i])) {
    return { error: s.errInvalid };
  }
  return s.stub ? { value: 0 } : { value: 0x55552007, repeat: 8 };
};
