import { word } from '../protocol.ts';
import type { Handler } from '../session.ts';

/** SPI_FLASH_MD5: address, size, 0, 0. The stub answers 16 raw bytes, the ROM 32 hex characters. */
export const spiFlashMd5: Handler = async (s, req) => {
  if (req.data.length !== 16) return { error: s.errInvalid };
  const address = word(req.data, 0);
  const size = word(req.data, 1);
  if (!s.host.flash.inRange(address, size)) return { error: s.stub ? 0xc0 : 0x01 };
  // A compressed write still inflating must land first (the stub finishes its writes before MD5).
  if (s.write?.inflater) await s.write.inflater.settled();
  const digest = s.host.flash.md5(address, size);
  if (s.stub) return { data: digest };
  return { data: new TextEncoder().encode(Buffer.from(digest).toString('hex')) };
};
