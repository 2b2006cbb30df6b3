// The platform part: a service. Other parts do not import it; they start it as a process
// (stack/ startPlatformProcess, `node platform/main.ts`) and talk to it over MQTT and HTTP.
export { startPlatform, buildApp, type Platform } from './app.ts';
export {
  PLATFORM_DEFAULTS,
  PlatformConfigSchema,
  parsePlatformConfig,
  resolveOptions,
  type PlatformConfig,
  type PlatformOptions,
  type ResolvedOptions,
} from './options.ts';
export { PLATFORM_ERRORS, PlatformError, type PlatformErrorCode } from './errors.ts';
export type { HistoryPort, MqttPort, PlatformPorts } from './ports/ports.ts';
export { FakeHistoryPort } from './ports/fake-history-port.ts';
export { FakeMqttPort } from './ports/fake-mqtt-port.ts';
