// The runtime part: small I/O pieces used by running processes (the platform, the simulator, tools).
// No container tooling behind it: a service may import it (the platform does).
export { RUNTIME_ERROR_CODES, RuntimeError, type RuntimeErrorCode } from './errors.ts';
export {
  InfluxClient,
  linesRefused,
  type InfluxClientOptions,
  type InfluxSeries,
} from './influx/influx-client.ts';
export {
  toLine,
  escapeKey,
  escapeMeasurement,
  escapeString,
  nameProblem,
  type Point,
  type FieldValue,
} from './influx/line-protocol.ts';
// Per-device broker passwords: the stack writes them into Mosquitto's password file, the simulator derives them.
export { devicePassword, newDeviceSecret } from './mqtt/device-password.ts';
export { corkPerTurn, type Corkable } from './mqtt/cork-per-turn.ts';
export { pubacks } from './mqtt/pubacks.ts';
// The stack's CA for this process's HTTPS, WSS and MQTTS clients (--tls).
export { trustCa } from './tls/trust-ca.ts';
// Device-type files (docs/device-types.md): read from disk, checked by twin.
export { deviceTypePathsFromEnv, readDeviceTypeFiles } from './device-types/load-files.ts';
// API tokens: roles and the token file the platform reads and the CLI and the stack write.
export { API_ROLES, isApiRole, roleAllows, type ApiRole } from './auth/roles.ts';
export {
  TOKEN_PREFIX,
  createToken,
  digestToken,
  findToken,
  generateToken,
  parseTokenFile,
  readTokenFile,
  revokeToken,
  type TokenFile,
  type TokenRecord,
} from './auth/token-file.ts';
