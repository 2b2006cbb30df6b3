import { HIL_ERROR_CODES, HilError } from '../errors.ts';

/** Misuse of the emulated board or a failure to start it; `message` says what to do. */
export class EmulatorError extends HilError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(HIL_ERROR_CODES.EMULATOR, message, options);
  }
}
