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

export { openLink, newEmulatorLink, type OpenLinkOptions } from './link/open-link.ts';

// Flashing through esptool-js (unmodified) over our links
export { LinkSerialPort } from './flash/web-serial-port.ts';
export {
  flash,
  defaultBootloaderReset,
  FLASH_DEFAULTS,
  type FlashOptions,
  type FlashProgress,
  type FlashReport,
  type FlashedFile,
} from './flash/flasher.ts';
export { checkFiles, kindOf, type FlashFileKind } from './flash/check-files.ts';
export { FlashCache, type FlashCacheEntry } from './flash/flash-cache.ts';

// Console: expect, send, panics, Unity
export {
  BoardConsole,
  CONSOLE_DEFAULTS,
  type BoardConsoleOptions,
  type ExpectOptions,
} from './console/board-console.ts';
export {
  AllPattern,
  AnyPattern,
  RegexPattern,
  TextPattern,
  patternFromText,
  patternOf,
  type ConsoleMatch,
  type ConsolePattern,
  type PatternInput,
} from './console/patterns.ts';
export {
  parseUnity,
  UNITY_SUMMARY,
  type UnityCase,
  type UnityResult,
  type UnityStatus,
} from './console/unity.ts';
export { findPanic, type PanicFound } from './console/panic.ts';

// Rigs: boards, identities, locks
export {
  loadRig,
  parseRig,
  rigFromObject,
  selectBoards,
  RigFileError,
  RIG_DEFAULTS,
  type Rig,
  type RigBoard,
  type RigIssue,
} from './rig/rig-file.ts';
export { RigSchema, RIG_CHIPS, rigJsonSchema, type RigChip, type RigDoc } from './rig/rig-schema.ts';
export {
  parseLinkSpec,
  formatLinkSpec,
  EMULATED_CHIPS,
  type LinkSpec,
  type EmulatedChip,
} from './rig/link-spec.ts';
export {
  acquireBoardLock,
  lockFileName,
  processAlive,
  type BoardLock,
  type LockOwner,
} from './rig/board-lock.ts';
export {
  BoardBuilder,
  StartedBoard,
  identityKey,
  type BoardBuilderOptions,
  type BoardFlashOptions,
} from './rig/board.ts';

// Scenario steps (registered by the CLI: scenarios/ never imports hil/)
export { registerHilSteps, HIL_ACTIONS } from './steps/register.ts';
export { hilSection, HilSectionSchema, setHilRigOverride } from './steps/hil-section.ts';
export { HilSession, type HilPlan, type UnityRun } from './steps/hil-session.ts';
export { unityJUnitXml, writeUnityJUnit } from './steps/unity-junit.ts';

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
export { startExternalApp } from './emulator/apps/external-app.ts';
export {
  PERSONALITIES,
  type ChipPersonality,
  type ResetCircuit,
  type ResetReason,
} from './emulator/personalities.ts';
export { EmulatorError } from './emulator/errors.ts';
export { rawCompressedWrite } from './emulator/raw-loader-client.ts';
