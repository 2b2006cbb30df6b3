// hil/: the serial hardware-in-the-loop runner (links, flashing through esptool-js, console and
// expect, rigs, scenario steps) and the emulated ESP32. The one door of the part.

export { HIL_ERROR_CODES, HilError, type HilErrorCode } from './errors.ts';
export { realClock, type HilClock } from './clock.ts';

// Links
export type { SerialLink, SerialLinkInfo } from './link/serial-link.ts';
export { SerialPortLink, type SerialPortLinkOptions } from './link/serialport-link.ts';
export {
  Rfc2217Link,
  parseRfc2217Url,
  RFC2217_LINK_DEFAULTS,
  type Rfc2217LinkOptions,
} from './link/rfc2217-link.ts';
export { tracedLink, traceWanted, hexDump, type TraceSink } from './link/trace.ts';
export {
  RESET_SEQUENCES,
  parseResetSequence,
  runResetSequence,
  type ResetSequenceName,
  type ResetStep,
  type SignalState,
} from './link/reset-sequence.ts';
export {
  KNOWN_BRIDGES,
  formatPort,
  guessBridge,
  listPorts,
  type BridgeGuess,
  type DiscoveredPort,
} from './link/ports.ts';
