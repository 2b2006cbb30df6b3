/** RFC 2217 (Telnet Com Port Control Option) vocabulary and URL form, for the client in rfc2217-link.ts. */
import { HIL_ERROR_CODES, HilError } from '../errors.ts';

/** RFC 2217 client sub-commands (the server answers with code + 100). */
export const COM_PORT = {
  /** Server signature request (the emulator's server answers it). */
  SIGNATURE: 0,
  SET_BAUDRATE: 1,
  SET_DATASIZE: 2,
  SET_PARITY: 3,
  SET_STOPSIZE: 4,
  SET_CONTROL: 5,
  PURGE_DATA: 12,
  /** Server-only notifications. */
  NOTIFY_LINESTATE: 106,
  NOTIFY_MODEMSTATE: 107,
  FLOWCONTROL_SUSPEND: 108,
  FLOWCONTROL_RESUME: 109,
} as const;

/** A server answers a client sub-command with this much added to its code. */
export const SERVER_CODE_OFFSET = 100;

/** SET_CONTROL values. */
export const CONTROL = { DTR_ON: 8, DTR_OFF: 9, RTS_ON: 11, RTS_OFF: 12 } as const;
export const PARITY_NONE = 1;
export const STOPSIZE_1 = 1;
export const PURGE_BOTH = 3;

/**
 * Parses `rfc2217://host:port[?ign_set_control]` (IPv6 in brackets), pyserial's URL form; other
 * pyserial options (`logging=…`, `timeout=…`) are accepted and ignored.
 */
export function parseRfc2217Url(url: string): { host: string; port: number; ignoreSetControlAck?: boolean } {
  const m = /^rfc2217:\/\/(\[[^\]]+\]|[^:/?]+):(\d+)\/?(\?.*)?$/.exec(url);
  if (!m) {
    throw new HilError(
      HIL_ERROR_CODES.LINK_BAD_SPEC,
      `'${url}' is not an RFC 2217 URL: write rfc2217://host:port (e.g. rfc2217://127.0.0.1:4000).`,
    );
  }
  const query = new URLSearchParams((m[3] ?? '').slice(1));
  return {
    host: m[1]!.replace(/^\[|\]$/g, ''),
    port: Number(m[2]),
    ...(query.has('ign_set_control') ? { ignoreSetControlAck: true } : {}),
  };
}

export function u32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

export function withTimeout<T>(p: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms))),
  ]).finally(() => clearTimeout(timer));
}
