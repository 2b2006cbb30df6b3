/**
 * Byte-level trace of a link, like esptool-js's `Transport.trace`: every chunk in each direction and
 * every control change as one line with the milliseconds since the previous line. Off unless asked
 * for (`TB_HIL_TRACE=1` or `--trace`), because at 921,600 baud it is several MB a minute.
 */
import type { SerialLink } from './serial-link.ts';

/** Receives one formatted trace line. */
export type TraceSink = (line: string) => void;

/** True when `TB_HIL_TRACE` asks for tracing (`1`, `true`, `yes`). */
export function traceWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.TB_HIL_TRACE ?? '');
}

/** `c0 00 08 24 …  | ..$.` lines of 16 bytes, as esptool-js prints them. */
export function hexDump(data: Uint8Array, maxBytes = 256): string {
  const shown = data.subarray(0, maxBytes);
  const lines: string[] = [];
  for (let i = 0; i < shown.length; i += 16) {
    const row = shown.subarray(i, i + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`    ${hex.padEnd(47)} | ${ascii}`);
  }
  if (data.length > maxBytes) lines.push(`    … ${data.length - maxBytes} more bytes`);
  return lines.join('\n');
}

/** Makes trace lines with a time delta prefix; `now` is injectable for tests. */
export function tracer(
  sink: TraceSink,
  label: string,
  now: () => number = () => performance.now(),
): TraceSink {
  let last = now();
  return (message) => {
    const t = now();
    sink(`TRACE +${(t - last).toFixed(3)}ms ${label} ${message}`);
    last = t;
  };
}

/**
 * Wraps a link so every byte and control change is traced. The wrapper is itself a `SerialLink`,
 * so it works the same in front of every implementation.
 */
export function tracedLink(link: SerialLink, sink: TraceSink, now?: () => number): SerialLink {
  const trace = tracer(sink, link.info.path, now);
  const listeners = new Set<(chunk: Uint8Array) => void>();
  let unsubscribe: (() => void) | undefined;
  return {
    info: link.info,
    closed: link.closed,
    async open(options) {
      trace(`open ${options.baudRate} baud`);
      await link.open(options);
    },
    async write(data) {
      trace(`write ${data.length} bytes\n${hexDump(data)}`);
      await link.write(data);
    },
    onData(listener) {
      // One subscription below, traced once, however many listeners there are above.
      listeners.add(listener);
      unsubscribe ??= link.onData((chunk) => {
        trace(`read ${chunk.length} bytes\n${hexDump(chunk)}`);
        for (const l of [...listeners]) l(chunk);
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unsubscribe?.();
          unsubscribe = undefined;
        }
      };
    },
    async setBaudRate(baudRate) {
      trace(`baud ${baudRate}`);
      await link.setBaudRate(baudRate);
    },
    async setSignals(signals) {
      trace(`signals DTR=${signals.dtr ? 1 : 0} RTS=${signals.rts ? 1 : 0}`);
      await link.setSignals(signals);
    },
    async purge() {
      trace('purge');
      await link.purge();
    },
    async close() {
      trace('close');
      await link.close();
    },
  };
}
