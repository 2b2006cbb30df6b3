import { word } from '../protocol.ts';
import type { Handler } from '../session.ts';

/** CHANGE_BAUDRATE: new rate, old rate (0 to the ROM). Answered at the old rate, then switched. */
export const changeBaudrate: Handler = (s, req) => {
  if (req.data.length !== 8) return { error: s.errInvalid };
  const baud = word(req.data, 0);
  if (baud < 300 || baud > 5_000_000) return { error: s.stub ? 0xc0 : 0x01 };
  return { after: () => s.host.changeBaud(baud) };
};
