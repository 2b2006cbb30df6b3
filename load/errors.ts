/** Stable error codes of the load part. Each message says what was wrong and what to do. */
import { TwinbenchError } from '../twin/index.ts';

export const LOAD_ERROR_CODES = {
  /** The engine's config (`config.twinbench` / `config.engines.twinbench`) or a flow step is wrong. */
  BAD_SCRIPT: 'TB_ERR_LOAD_BAD_SCRIPT',
  /** The script file does not exist or is not YAML/JSON. */
  SCRIPT_NOT_FOUND: 'TB_ERR_LOAD_SCRIPT_NOT_FOUND',
  /** No MQTT broker URL: neither `config.twinbench.mqttUrl` nor TWINBENCH_MQTT_URL. */
  NO_BROKER: 'TB_ERR_LOAD_NO_BROKER',
  /** A flow step used the device before `connect`. */
  NOT_CONNECTED: 'TB_ERR_LOAD_NOT_CONNECTED',
  /** The platform API answered an error to `setDesired` or `command`. */
  PLATFORM_REFUSED: 'TB_ERR_LOAD_PLATFORM_REFUSED',
  /** `expectTwin`, `setDesired` or `command` did not see what it waited for in time. */
  TIMEOUT: 'TB_ERR_LOAD_TIMEOUT',
  /** artillery could not be started (not installed, engine not found). */
  ARTILLERY_FAILED: 'TB_ERR_LOAD_ARTILLERY_FAILED',
  /** Under device auth, the runner did not give the devices their broker logins. */
  DEVICE_LOGINS: 'TB_ERR_LOAD_DEVICE_LOGINS',
  /** `twinbench load` flags are wrong (workers, target without broker …). */
  BAD_OPTIONS: 'TB_ERR_LOAD_BAD_OPTIONS',
} as const;

export type LoadErrorCode = (typeof LOAD_ERROR_CODES)[keyof typeof LOAD_ERROR_CODES];

export class LoadError extends TwinbenchError {
  declare readonly code: LoadErrorCode;

  constructor(code: LoadErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
