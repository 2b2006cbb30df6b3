// The stack part: Mosquitto + InfluxDB for tests, scenario suites, demos and load tests.
export { startStack, chooseMode, type StartedStack, type ModeChoice } from './start-stack.ts';
export {
  STACK_DEFAULTS,
  optionsFromEnv,
  type StackOptions,
  type StackMode,
  type ResolvedMode,
  type BrokerOptions,
  type BrokerUser,
  type BrokerTlsOptions,
  type DeviceAuthOptions,
  type StackSecurityOptions,
  type InfluxOptions,
  type ContainerModeOptions,
  type ExternalModeOptions,
} from './options.ts';
export type { StackInfo, StackTls, InfluxConnection, ServiceInfo } from './info.ts';
export type { ServiceHandle } from './service.ts';
export { StackError, STACK_ERROR_CODES, type StackErrorCode } from './errors.ts';
// The InfluxDB client and line protocol live in runtime/ now; re-exported so stack's users keep working.
export {
  InfluxClient,
  RuntimeError,
  RUNTIME_ERROR_CODES,
  toLine,
  escapeKey,
  escapeMeasurement,
  escapeString,
  type InfluxClientOptions,
  type InfluxSeries,
  type Point,
  type FieldValue,
} from '../runtime/index.ts';
export { freePort, isPortFree, LOOPBACK } from './ports.ts';
export { findBinary } from './binaries.ts';
export { containerEngine, engineAvailable, ENGINE_HELP } from './modes/engine.ts';
export { planContainers, removeStrayContainers, STACK_LABEL } from './modes/containers.ts';
export { INFLUX_CACHE_SNAPSHOT_BYTES, influxCacheSnapshotSize, influxEnv } from './modes/influx-setup.ts';
export { renderMosquittoConfig } from './broker/mosquitto-config.ts';
export { passwordLine, passwordFile } from './broker/password-file.ts';
export { deviceAcl } from './broker/device-acl.ts';
export { DEFAULT_PLATFORM_USER, platformLogin } from './broker/broker-login.ts';
export type { BrokerAuditCounts } from './broker/broker-audit.ts';
export { checkReach, isLoopback, brokerRequiresAuth } from './reach.ts';
export {
  DEFAULT_PKI_DIR,
  ensurePki,
  issueDevice,
  registeredDevices,
  type Pki,
  type DeviceCredentials,
} from './pki/pki.ts';
export { mqttAnswers, waitUntil } from './readiness.ts';
export {
  startPlatformProcess,
  type StartedPlatform,
  type PlatformProcessOptions,
} from './platform-process.ts';
// Testcontainers modules for users' own suites: the platform and simulator images, and the whole bench.
export {
  PlatformContainer,
  StartedPlatformContainer,
  type PlatformContainerTarget,
} from './modules/platform-container.ts';
export {
  SimulatorContainer,
  StartedSimulatorContainer,
  type SimulatorStats,
} from './modules/simulator-container.ts';
export { startTwinbench, type StartedTwinbench, type TwinbenchOptions } from './modules/start-twinbench.ts';
export { TwinbenchApi } from './modules/api-client.ts';
export { prepareRunAuth, type RunAuth } from './run-token.ts';
export {
  PLATFORM_RUNNERS,
  platformRunnerFromEnv,
  startPlatform,
  type PlatformRunner,
  type StartPlatformOptions,
} from './platform-start.ts';
export { APP_IMAGES, type AppNetwork } from './modules/app-containers.ts';
