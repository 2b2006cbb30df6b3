import { SECTOR_SIZE } from '../../flash-memory.ts';
import { STUB_ERR, word } from '../protocol.ts';
import type { Handler } from '../session.ts';

/** ERASE_FLASH (stub only): the whole chip. */
export const eraseFlash: Handler = (s) => {
  s.host.flash.eraseAll();
  return {};
};

/** ERASE_REGION (stub only): offset and size, both multiples of the 4 KiB sector. */
export const eraseRegion: Handler = (s, req) => {
  if (req.data.length !== 8) return { error: STUB_ERR.BAD_DATA_LEN };
  const offset = word(req.data, 0);
  const size = word(req.data, 1);
  if (offset % SECTOR_SIZE !== 0 || size % SECTOR_SIZE !== 0 || !s.host.flash.inRange(offset, size)) {
    return { error: STUB_ERR.BAD_DATA_LEN };
  }
  s.host.flash.erase(offset, size);
  return {};
};
