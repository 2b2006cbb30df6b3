import { dataChecksum, word } from '../protocol.ts';
import type { Handler } from '../session.ts';

/** MEM_BEGIN: total size, blocks, block size, RAM address. */
export const memBegin: Handler = (s, req) => {
  if (req.data.length !== 16) return { error: s.errInvalid };
  const [size, blocks, blockSize, address] = [0, 1, 2, 3].map((i) => word(req.data, i)) as [
    number,
    number,
    number,
    number,
  ];
  const ranges = s.mem?.ranges ?? [];
  ranges.push([address, address + size]);
  s.mem = { address, size, blocks, blockSize, nextSeq: 0, ranges };
  return {};
};

/** MEM_DATA: length, seq, 0, 0, then the bytes (checksummed). The RAM itself is not modelled. */
export const memData: Handler = (s, req) => {
  const m = s.mem;
  if (!m || req.data.length < 16) return { error: s.errInvalid };
  const len = word(req.data, 0);
  const seq = word(req.data, 1);
  const payload = req.data.subarray(16);
  if (len !== payload.length || len > m.blockSize) return { error: s.errInvalid };
  if (dataChecksum(payload) !== (req.checksum & 0xff)) return { error: s.errChecksum };
  if (seq !== m.nextSeq) return { error: s.errInvalid };
  m.nextSeq++;
  return {};
};

/**
 * MEM_END: execute flag (0 = run), entry. When the entry lies in what was uploaded, the program
 * "runs": it is taken to be esptool's flasher stub, which greets with `OHAI` and answers from then on.
 */
export const memEnd: Handler = (s, req) => {
  if (req.data.length !== 8) return { error: s.errInvalid };
  const run = word(req.data, 0) === 0;
  const entry = word(req.data, 1);
  const uploaded = s.mem?.ranges ?? [];
  s.mem = undefined;
  if (!run) return {};
  const inUpload = uploaded.some(([a, b]) => entry >= a && entry < b);
  return {
    after: () => {
      if (!inUpload) return; // jumped into nothing: the chip goes quiet, as a real one would
      s.stub = true;
      s.host.onStubStarted?.();
      s.host.sendFrame(new TextEncoder().encode('OHAI'));
    },
  };
};
