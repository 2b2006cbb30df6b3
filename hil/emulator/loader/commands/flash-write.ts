import { dataChecksum, STUB_ERR, word } from '../protocol.ts';
import type { Handler, LoaderSession } from '../session.ts';
import { StreamingInflater } from '../inflater.ts';

function begin(s: LoaderSession, data: Uint8Array, compressed: boolean) {
  // 4 words to the stub; the ROM also gets an "encrypted" word (all of ESP32's FLASH_BEGIN, and
  // FLASH_DEFL_BEGIN on S2/S3/C3 ROMs).
  if (data.length !== 16 && data.length !== 20) return { error: s.errInvalid };
  const [size, blocks, blockSize, offset] = [0, 1, 2, 3].map((i) => word(data, i)) as [
    number,
    number,
    number,
    number,
  ];
  const flash = s.host.flash;
  if (!flash.inRange(offset, size)) return { error: s.stub ? STUB_ERR.BAD_DATA_LEN : 0x01 };
  s.write?.inflater?.close();
  // The ROM erases the whole region here; the stub erases just ahead of its writes. Same result.
  if (size > 0) flash.erase(offset, size);
  s.write = { offset, size, blocks, blockSize, nextSeq: 0, position: offset };
  if (compressed) {
    const w = s.write;
    w.inflater = new StreamingInflater((chunk) => {
      const room = w.offset + w.size - w.position;
      if (chunk.length > room) throw new Error('inflated past the announced size');
      flash.write(w.position, chunk);
      w.position += chunk.length;
    });
  }
  return {};
}

function dataBlock(s: LoaderSession, data: Uint8Array, checksum: number, compressed: boolean) {
  const w = s.write;
  if (!w || (compressed && !w.inflater)) return { error: s.stub ? STUB_ERR.NOT_IN_FLASH_MODE : s.errInvalid };
  if (data.length < 16) return { error: s.errInvalid };
  const len = word(data, 0);
  const seq = word(data, 1);
  const payload = data.subarray(16);
  if (len !== payload.length) return { error: s.errInvalid };
  if (dataChecksum(payload) !== (checksum & 0xff)) return { error: s.errChecksum };
  if (seq + 1 === w.nextSeq) return {}; // a retransmission of a block already taken
  if (seq !== w.nextSeq) return { error: s.errInvalid };
  if (w.inflater?.error) return { error: s.stub ? STUB_ERR.INFLATE_ERROR : 0x0b };
  w.nextSeq++;
  if (compressed) {
    w.inflater?.push(payload);
  } else {
    const at = w.offset + seq * w.blockSize;
    const n = Math.min(payload.length, s.host.flash.size - at);
    if (n > 0) s.host.flash.write(at, payload.subarray(0, n));
  }
  return {};
}

async function end(s: LoaderSession, data: Uint8Array) {
  if (data.length !== 4) return { error: s.errInvalid };
  const w = s.write;
  if (w?.inflater) await w.inflater.settled();
  const failed = w?.inflater?.error;
  w?.inflater?.close();
  s.write = undefined;
  if (failed) return { error: s.stub ? STUB_ERR.INFLATE_ERROR : 0x0b };
  const runUserCode = word(data, 0) !== 0;
  // The stub stays in the loader (esptool then verifies); the ROM leaves: 1 runs the app, 0 reboots.
  if (s.stub) return {};
  return { after: () => (runUserCode ? s.host.runUserCode() : s.host.reboot()) };
}

export const flashBegin: Handler = (s, req) => begin(s, req.data, false);
export const flashData: Handler = (s, req) => dataBlock(s, req.data, req.checksum, false);
export const flashEnd: Handler = (s, req) => end(s, req.data);
export const flashDeflBegin: Handler = (s, req) => begin(s, req.data, true);
export const flashDeflData: Handler = (s, req) => dataBlock(s, req.data, req.checksum, true);
export const flashDeflEnd: Handler = (s, req) => end(s, req.data);
