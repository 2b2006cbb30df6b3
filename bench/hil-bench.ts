// `npm run bench -- hil`: flash 1 MiB of firmware-like data at 921,600 baud to the emulated ESP32 over
// RFC 2217 (loopback) with esptool-js, and compare the bytes that crossed the wire to the line rate.
import { deflateSync } from 'node:zlib';
import { CHIPS, Rfc2217Link, buildAppImage, createEmulatedBoard, flash, serveRfc2217 } from '../hil/index.ts';
import { fmt } from './stats.ts';

const BAUD = 921_600;
/** 8N1: a start bit, 8 data bits, a stop bit. */
const LINE_BYTES_PER_SECOND = BAUD / 10;

/**
 * Data that deflates like a real ESP-IDF app (about 2:1), deterministic: blocks of Xtensa-like
 * 3-byte instructions (opcodes from a small set, operands mostly from a few registers and offsets,
 * and 30 % of the time a sequence repeated from earlier code), literal pools of 32-bit addresses in
 * the IROM/DRAM windows, log format strings, and zero padding.
 */
export function firmwareLikeData(size: number, seed = 1): Uint8Array {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const OPCODES = [
    0x06, 0x0c, 0x1c, 0x20, 0x21, 0x22, 0x26, 0x28, 0x31, 0x32, 0x36, 0x41, 0x42, 0x51, 0x56, 0x61, 0x62,
    0x65, 0x66, 0x76, 0x81, 0x82, 0x91, 0xa2, 0xa5, 0xb2, 0xc2, 0xd2, 0xe5, 0xf0,
  ];
  const WORDS = [
    'wifi',
    'mqtt',
    'sensor',
    'read',
    'failed',
    'ok',
    'connect',
    'timeout',
    'shadow',
    'update',
    'heap',
    'task',
    'queue',
    'gpio',
    'adc',
    'nvs',
    'ota',
    'partition',
    'event',
    'loop',
  ];
  const out = new Uint8Array(size);
  let at = 0;
  while (at < size) {
    const kind = rnd();
    const len = Math.min(size - at, 256 + Math.floor(rnd() * 3840));
    const block = out.subarray(at, at + len);
    if (kind < 0.6) {
      // compilers repeat themselves: prologues, loads/stores off the same base registers
      let i = 0;
      while (i + 2 < len) {
        if (at + i > 4096 && rnd() < 0.3) {
          // a sequence seen before (prologue, epilogue, inlined helper)
          const n = Math.min(len - i, 12 + Math.floor(rnd() * 48));
          const from = Math.floor(rnd() * (at + i - n));
          out.copyWithin(at + i, from, from + n);
          i += n;
          continue;
        }
        block[i] = pick(OPCODES);
        block[i + 1] = rnd() < 0.7 ? pick([0xa1, 0xa2, 0x11, 0x21, 0x31]) : Math.floor(rnd() * 256);
        block[i + 2] = rnd() < 0.6 ? pick([0x00, 0x01, 0x04, 0x08, 0x10]) : Math.floor(rnd() * 64);
        i += 3;
      }
    } else if (kind < 0.75) {
      const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
      for (let i = 0; i + 3 < len; i += 4) {
        const base = rnd() < 0.6 ? 0x400d0000 : 0x3ffb0000;
        view.setUint32(i, base + Math.floor(rnd() * 0x2000) * 4, true);
      }
    } else if (kind < 0.92) {
      const text = new TextEncoder();
      let i = 0;
      while (i < len) {
        const line = `${pick(WORDS)}: ${pick(WORDS)} ${pick(WORDS)} %d (%s) ${pick(WORDS)}\0`;
        const bytes = text.encode(line).subarray(0, len - i);
        block.set(bytes, i);
        i += bytes.length;
      }
    } // else: zeros (alignment, .bss images, tables)
    at += len;
  }
  return out;
}

/** An ESP32 app image of exactly 1 MiB whose IROM segment is firmware-like data. */
function oneMiBApp(): Uint8Array {
  const payload = firmwareLikeData(1 << 20);
  const build = (n: number) =>
    buildAppImage({
      chip: 'esp32',
      projectName: 'tb-console',
      version: 'bench',
      segments: [{ loadAddress: CHIPS.esp32.irom.start + 0x20000 + 0x20, data: payload.subarray(0, n) }],
    });
  let n = (1 << 20) - 0x1000;
  for (let i = 0; i < 5; i++) {
    const size = build(n).length;
    if (size === 1 << 20) break;
    n -= size - (1 << 20);
    n -= n % 4;
  }
  return build(n);
}

export async function runHilBench(): Promise<void> {
  const app = oneMiBApp();
  const deflated = deflateSync(app, { level: 9 }).length;
  console.log(
    `image: ${app.length} bytes, an ESP32 app whose IROM segment is firmware-like data (deflate level 9 → ${deflated} bytes, ${(app.length / deflated).toFixed(2)}:1)`,
  );
  for (const compress of [true, false]) await flashOnce(app, compress);
  console.log(
    'Compressed writes leave the line idle between blocks while esptool-js 0.7.0 inflates each sent block again ' +
      'to count its uncompressed size (pako Inflate with chunkSize 1: tens to hundreds of ms per 16 KiB block, ' +
      'depending on CPU load); uncompressed writes show what the link itself carries.',
  );
}

async function flashOnce(app: Uint8Array, compress: boolean): Promise<void> {
  const board = createEmulatedBoard({ chip: 'esp32' });
  const server = await serveRfc2217(board);
  const link = new Rfc2217Link({ host: server.host, port: server.port });
  try {
    await link.open({ baudRate: 115_200 });
    const report = await flash(link, {
      files: [{ name: 'app', address: 0x10000, data: app }],
      baudRate: BAUD,
      appReset: 'none',
      compress,
    });
    const rate = report.writeWireBytes / report.writeSeconds;
    console.log(
      `${compress ? 'compressed  ' : 'uncompressed'}: esptool-js → ${report.chipName} over RFC 2217 (loopback) at ${BAUD} baud: ` +
        `${report.writeWireBytes} bytes on the wire (SLIP frames of ${report.files[0]!.sent} ${compress ? 'deflated' : 'raw'} bytes) in ${report.writeSeconds.toFixed(2)} s ` +
        `= ${fmt(rate)} B/s = ${(rate / LINE_BYTES_PER_SECOND).toFixed(3)} of the 8N1 line rate (${LINE_BYTES_PER_SECOND} B/s; target ≥ 0.9); ` +
        `image at ${fmt(app.length / report.writeSeconds)} B/s; MD5 verified; whole session ${report.seconds.toFixed(2)} s`,
    );
  } finally {
    await link.close();
    await server.close();
    await board.close();
  }
}
