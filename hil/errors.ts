import { TwinbenchError } from '../twin/index.ts';

/**
 * Stable error codes of the hil part (`TB_ERR_HIL_<WHAT>`). Every message says what was wrong and
 * what to do; docs/hil.md has the table Code | Meaning | How to fix.
 */
export const HIL_ERROR_CODES = {
  /** The port or socket could not be opened. */
  LINK_OPEN: 'TB_ERR_HIL_LINK_OPEN',
  /** An operation on a link that is closed (or whose other end went away). */
  LINK_CLOSED: 'TB_ERR_HIL_LINK_CLOSED',
  /** The transport cannot drive DTR/RTS (a pty has no modem lines). */
  LINK_NO_SIGNALS: 'TB_ERR_HIL_LINK_NO_SIGNALS',
  /** A link spec (`/dev/…`, `rfc2217://host:port`, `emulator:esp32s3`) that cannot be understood. */
  LINK_BAD_SPEC: 'TB_ERR_HIL_LINK_BAD_SPEC',
  /** The RFC 2217 server did not agree to the telnet options or did not acknowledge a command. */
  RFC2217: 'TB_ERR_HIL_RFC2217',
  /** A reset sequence string that does not parse. */
  BAD_RESET_SEQUENCE: 'TB_ERR_HIL_BAD_RESET_SEQUENCE',
  /** The image is for another chip than the one on the link. */
  IMAGE_WRONG_CHIP: 'TB_ERR_HIL_IMAGE_WRONG_CHIP',
  /** The image is not a valid ESP32 app image (magic, segments, checksum, SHA-256). */
  IMAGE_CORRUPT: 'TB_ERR_HIL_IMAGE_CORRUPT',
  /** A partition table that is not valid (entry magic, MD5, overlaps, no app partition). */
  PARTITION_TABLE: 'TB_ERR_HIL_PARTITION_TABLE',
  /** The emulated board was misused or could not start (flash file, registered app, closed board). */
  EMULATOR: 'TB_ERR_HIL_EMULATOR',
  /** esptool-js could not talk to the ROM loader (no sync, no stub). */
  FLASH_CONNECT: 'TB_ERR_HIL_FLASH_CONNECT',
  /** Writing or verifying flash failed (MD5 mismatch, a block refused). */
  FLASH_WRITE: 'TB_ERR_HIL_FLASH_WRITE',
  /** `expect` timed out; the message carries the board's last console lines. */
  EXPECT_TIMEOUT: 'TB_ERR_HIL_EXPECT_TIMEOUT',
  /** `expect` saw a `notMatching` pattern. */
  EXPECT_NOT_MATCHING: 'TB_ERR_HIL_EXPECT_NOT_MATCHING',
  /** The board panicked (`Guru Meditation Error`); the message carries the panic and backtrace. */
  PANIC: 'TB_ERR_HIL_PANIC',
  /** Unity reported failing tests. */
  UNITY_FAILED: 'TB_ERR_HIL_UNITY_FAILED',
  /** The rig file is not valid (each problem as file:line:col). */
  RIG_INVALID: 'TB_ERR_HIL_RIG_INVALID',
  /** No board in the rig matches (name, role, identity). */
  RIG_NO_BOARD: 'TB_ERR_HIL_RIG_NO_BOARD',
  /** Another live process holds the board's lock. */
  BOARD_LOCKED: 'TB_ERR_HIL_BOARD_LOCKED',
  /** A HIL scenario step is used wrongly (unknown dut, no rig, bad arguments). */
  STEP_INVALID: 'TB_ERR_HIL_STEP_INVALID',
} as const;

export type HilErrorCode = (typeof HIL_ERROR_CODES)[keyof typeof HIL_ERROR_CODES];

/** Every error thrown by hil/; `code` is one of `HIL_ERROR_CODES`. */
export class HilError extends TwinbenchError {
  declare readonly code: HilErrorCode;

  constructor(code: HilErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
