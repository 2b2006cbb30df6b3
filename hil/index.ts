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

// Images (pure): ESP32 app/bootloader images, partition tables, flash sets
export { CHIPS, CHIP_NAMES, isChipName, type ChipName, type ChipImageFacts } from './image/chips.ts';
export { ImageCheckError, PartitionTableError, type ImageCheck } from './image/errors.ts';
export { checkImage, checkImageForChip, type CheckImageOptions } from './image/check-image.ts';
export type { FirmwareImage, ImageSegment } from './image/app-image.ts';
export type { AppDescriptor } from './image/app-descriptor.ts';
export { buildAppImage, type BuildAppImageOptions } from './image/build-app-image.ts';
export { buildBootloaderImage, type BuildBootloaderImageOptions } from './image/bootloader-image.ts';
export {
  buildPartitionTable,
  parsePartitionTable,
  bootPartition,
  DEFAULT_PARTITIONS,
  type Partition,
  type PartitionTable,
} from './image/partition-table.ts';
export { buildFlashSet, type FlashFile } from './image/flash-set.ts';

// The emulated ESP32 (ROM loader + stub, flash, reset lines, boot log, apps), its link and RFC 2217 server
export {
  EmulatedBoard,
  createEmulatedBoard,
  type EmulatedBoardOptions,
  type BoardState,
} from './emulator/board.ts';
export { createEmulatorLink } from './emulator/emulator-link.ts';
export { serveRfc2217, type Rfc2217Server, type Rfc2217ServerOptions } from './emulator/rfc2217-server.ts';
export {
  registerEmulatorApp,
  registeredEmulatorApps,
  BUILTIN_CONSOLE_APP,
} from './emulator/apps/registry.ts';
export type {
  EmulatorApp,
  EmulatorAppCommand,
  EmulatorAppContext,
  EmulatorAppFactory,
  RunningEmulatorApp,
} from './emulator/apps/types.ts';
export { CONSOLE_PROMPT, SELFTEST_OUTPUT } from './emulator/apps/console-app.ts';
export {
  PERSONALITIES,
  type ChipPersonality,
  type ResetCircuit,
  type ResetReason,
} from './emulator/personalities.ts';
export { EmulatorError } from './emulator/errors.ts';
