import { word } from '../protocol.ts';
import type { Handler } from '../session.ts';

/** READ_REG: the value comes back in the response's value word. */
export const readReg: Handler = (s, req) => {
  if (req.data.length !== 4) return { error: s.errInvalid };
  return { value: s.host.registers.read(word(req.data, 0)) };
};

/** WRITE_REG: one or more (address, value, mask, delay µs) quadruples. */
export const writeReg: Handler = (s, req) => {
  if (req.data.length === 0 || req.data.length % 16 !== 0) return { error: s.errInvalid };
  for (let i = 0; i < req.data.length / 16; i++) {
    s.host.registers.write(word(req.data, i * 4), word(req.data, i * 4 + 1), word(req.data, i * 4 + 2));
  }
  return {};
};
