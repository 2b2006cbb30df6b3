// The platform part: a service. Other parts do not import it; they start it as a process
// (stack/ startPlatformProcess, `node platform/main.ts`) and talk to it over MQTT and HTTP.
export { startPlatform, buildApp, type Platform } from './app.ts';
export { PlatformCore } from './core.ts';
export {
  PLATFORM_DEFAULTS,
  PlatformConfigSchema,
  parsePlatformConfig,
  type PlatformConfig,
  type PlatformOptions,
} from './options.ts';
export { PLATFORM_ERRORS, PlatformError } from './errors.ts';
