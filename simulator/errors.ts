import { TwinbenchError } from '../twin/index.ts';

/** Stable error codes of the simulator part. Each message says what was wrong and what to do. */
export const SIMULATOR_ERROR_CODES = {
  /** A fleet spec (YAML or object) does not match the schema or is inconsistent. */
  BAD_SPEC: 'TB_ERR_SIMULATOR_BAD_SPEC',
  /** A fleet spec file could not be read. */
  SPEC_NOT_FOUND: 'TB_ERR_SIMULATOR_SPEC_NOT_FOUND',
  /** FleetOptions are wrong (mqttUrl, clock …). */
  BAD_OPTIONS: 'TB_ERR_SIMULATOR_BAD_OPTIONS',
  /** No device of the fleet could connect to the broker. */
  CONNECT_FAILED: 'TB_ERR_SIMULATOR_CONNECT_FAILED',
  /** The broker refused a CONNECT (CONNACK return code ≠ 0). */
  CONNECT_REFUSED: 'TB_ERR_SIMULATOR_CONNECT_REFUSED',
  /** The broker sent bytes that are not MQTT 3.1.1, or a packet a client never expects. */
  PROTOCOL: 'TB_ERR_SIMULATOR_PROTOCOL',
  /** A fault does not match the Fault type. */
  BAD_FAULT: 'TB_ERR_SIMULATOR_BAD_FAULT',
  /** A fault was injected on devices none of which can have it (an overload on a camera). */
  FAULT_NOT_APPLICABLE: 'TB_ERR_SIMULATOR_FAULT_NOT_APPLICABLE',
  /** A selector is malformed. */
  BAD_SELECTOR: 'TB_ERR_SIMULATOR_BAD_SELECTOR',
  /** A selector matched no device. */
  EMPTY_SELECTION: 'TB_ERR_SIMULATOR_EMPTY_SELECTION',
  /** The fleet was used after stop(). */
  STOPPED: 'TB_ERR_SIMULATOR_STOPPED',
  /** A worker process of a fleet split over processes exited or failed before the run ended. */
  WORKER_FAILED: 'TB_ERR_SIMULATOR_WORKER_FAILED',
} as const;

export type SimulatorErrorCode = (typeof SIMULATOR_ERROR_CODES)[keyof typeof SIMULATOR_ERROR_CODES];

/** An error of the simulator part (a `TwinbenchError`); `FleetSpecError` is the one for fleet specs. */
export class SimulatorError extends TwinbenchError {
  declare readonly code: SimulatorErrorCode;

  constructor(code: SimulatorErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
