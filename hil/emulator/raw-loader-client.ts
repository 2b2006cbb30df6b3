import { deflateSync } from 'node:zlib';
import type { SerialLink } from '../link/serial-link.ts';
import { dataChecksum, OP } from './loader/protocol.ts';
import { SlipDecoder, slipEncode } from './slip.ts';

/**
 * A minimal loader client: the same frames esptool sends for a compressed write, with no host work
 * between blocks. The bench and tests use it as the "raw path" next to esptool-js, to tell the
 * link's and emulator's cost from esptool-js's own (it inflates each block byte by byte to report
 * progress). Expects a board already in its ROM loader.
 */
export async function rawCompressedWrite(
  link: SerialLink,
  image: Uint8Array,
  options: { address: number; baudRate: number; blockSize?: number },
): Promise<{ bytesSent: number; seconds: number }> {
  const decoder = new SlipDecoder();
  const frames: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  const off = link.onData((chunk) => {
    frames.push(...decoder.push(chunk));
    wake?.();
  });
  const next = async (timeoutMs = 5000): Promise<Uint8Array> => {
    const deadline = Date.now() + timeoutMs;
    while (frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no answer from the loader');
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
    return frames.shift() as Uint8Array;
  };
  const command = async (op: number, data: Uint8Array, chk = 0) => {
    const pkt = new Uint8Array(8 + data.length);
    const v = new DataView(pkt.buffer);
    v.setUint8(1, op);
    v.setUint16(2, data.length, true);
    v.setUint32(4, chk, true);
    pkt.set(data, 8);
    const frame = slipEncode(pkt);
    await link.write(frame);
    for (;;) {
      const r = await next();
      if (r[0] === 1 && r[1] === op) return { sent: frame.length, reply: r };
    }
  };
  const words = (...w: number[]) => {
    const b = new Uint8Array(w.length * 4);
    w.forEach((x, i) => new DataView(b.buffer).setUint32(i * 4, x >>> 0, true));
    return b;
  };
  try {
    await command(OP.SYNC, Uint8Array.from([0x07, 0x07, 0x12, 0x20, ...Array<number>(32).fill(0x55)]));
    await new Promise((r) => setTimeout(r, 50));
    frames.length = 0;
    // A 4-byte "program" run from RAM stands in for the stub.
    await command(OP.MEM_BEGIN, words(4, 1, 4, 0x40090000));
    await command(
      OP.MEM_DATA,
      new Uint8Array([...words(4, 0, 0, 0), 0, 0, 0, 0]),
      dataChecksum(new Uint8Array(4)),
    );
    await link.write(slipEncode(new Uint8Array([0, OP.MEM_END, 8, 0, 0, 0, 0, 0, ...words(0, 0x40090000)])));
    while (new TextDecoder().decode(await next()) !== 'OHAI');
    await command(OP.CHANGE_BAUDRATE, words(options.baudRate, 115200));
    await link.setBaudRate(options.baudRate);
    const compressed = new Uint8Array(deflateSync(image, { level: 9 }));
    const blockSize = options.blockSize ?? 0x4000;
    const blocks = Math.ceil(compressed.length / blockSize);
    const t0 = performance.now();
    let bytesSent = (
      await command(OP.FLASH_DEFL_BEGIN, words(image.length, blocks, blockSize, options.address))
    ).sent;
    for (let seq = 0; seq < blocks; seq++) {
      const block = compressed.subarray(seq * blockSize, (seq + 1) * blockSize);
      const data = new Uint8Array(16 + block.length);
      data.set(words(block.length, seq, 0, 0));
      data.set(block, 16);
      const { sent, reply } = await command(OP.FLASH_DEFL_DATA, data, dataChecksum(block));
      if (reply[reply.length - 2] !== 0)
        throw new Error(`block ${seq} refused: error 0x${reply[reply.length - 1]?.toString(16)}`);
      bytesSent += sent;
    }
    bytesSent += (await command(OP.FLASH_DEFL_END, words(1))).sent;
    return { bytesSent, seconds: (performance.now() - t0) / 1000 };
  } finally {
    off();
  }
}
