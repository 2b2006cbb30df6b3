import type { Handler } from '../session.ts';

/** SPI_ATTACH: 4 bytes to the stub, 8 to the ROM; the emulated flash is always attached. */
export const spiAttach: Handler = (s, req) => {
  if (req.data.length !== 4 && req.data.length !== 8) return { error: s.errInvalid };
  s.spiAttached = true;
  return {};
};

/** SPI_SET_PARAMS: id, total size, block, sector, page size, status mask (24 bytes). */
export const spiSetParams: Handler = (s, req) => (req.data.length === 24 ? {} : { error: s.errInvalid });
