import { TwinbenchError } from '../twin/index.ts';

/**
 * Stable error codes of the firmware part (`TB_ERR_FIRMWARE_<WHAT>`); docs/firmware.md has the table
 * Code | Meaning | How to fix. Every message says what was wrong and what to do.
 */
export const FIRMWARE_ERROR_CODES = {
  /** CMake could not configure or build the host target. */
  BUILD_FAILED: 'TB_ERR_FIRMWARE_BUILD_FAILED',
  /** The host program is not built (or not where it was looked for). */
  NOT_BUILT: 'TB_ERR_FIRMWARE_NOT_BUILT',
  /** The host node exited before it was asked to, or did not start. */
  NODE_EXITED: 'TB_ERR_FIRMWARE_NODE_EXITED',
  /** The host node did not print what was waited for in time. */
  NODE_TIMEOUT: 'TB_ERR_FIRMWARE_NODE_TIMEOUT',
  /** The board's console refused a provisioning setting. */
  PROVISION_FAILED: 'TB_ERR_FIRMWARE_PROVISION_FAILED',
} as const;

export type FirmwareErrorCode = (typeof FIRMWARE_ERROR_CODES)[keyof typeof FIRMWARE_ERROR_CODES];

export class FirmwareError extends TwinbenchError {
  declare readonly code: FirmwareErrorCode;
  constructor(code: FirmwareErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
