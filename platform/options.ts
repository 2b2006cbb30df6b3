import type { Logger } from 'pino';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { TopicProfileSpecSchema } from '../twin/index.ts';
import { AuthConfigSchema, resolveAuth, type ResolvedAuth } from './auth/auth-options.ts';
import { PlatformError } from './errors.ts';

/**
 * Platform configuration. The same schema validates the JSON config `platform/main.ts` receives,
 * so a bad config fails at start with the field that is wrong.
 */
export const PlatformConfigSchema = Type.Object(
  {
    mqtt: Type.Object({
      url: Type.String({ description: 'broker URL, mqtt://host:port' }),
      username: Type.Optional(Type.String()),
      password: Type.Optional(Type.String()),
      clientId: Type.Optional(Type.String({ description: 'default twinbench-platform-<pid>' })),
    }),
    influx: Type.Object({
      url: Type.String({ description: 'InfluxDB URL, http://host:port' }),
      db: Type.String({ description: 'database' }),
      auth: Type.Optional(Type.Object({ username: Type.String(), password: Type.String() })),
    }),
    http: Type.Optional(
      Type.Object({
        host: Type.Optional(Type.String({ description: 'default 127.0.0.1' })),
        port: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 65535, description: 'default 0: a free port' }),
        ),
        tls: Type.Optional(
          Type.Object(
            {
              certFile: Type.String({
                description: 'PEM server certificate (twinbench: .twinbench/pki/server.crt)',
              }),
              keyFile: Type.String({ description: 'PEM private key of certFile' }),
            },
            {
              additionalProperties: false,
              description: 'serve HTTPS (and wss:// for the stream); default: plain HTTP',
            },
          ),
        ),
      }),
    ),
    registration: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('reject')], {
        description: 'unknown devices: register on first contact (auto, default) or reject',
      }),
    ),
    profiles: Type.Optional(
      Type.Array(
        Type.Union([
          Type.String({ description: 'a builtin profile name: twinbench, iot-node, devices-mac' }),
          TopicProfileSpecSchema,
        ]),
      ),
    ),
    heartbeatTimeoutMs: Type.Optional(
      Type.Integer({ minimum: 100, description: 'silence after which a device is offline; default 60 000' }),
    ),
    maxPayloadBytes: Type.Optional(
      Type.Integer({ minimum: 64, description: 'largest device message accepted; default 65 536' }),
    ),
    maxJsonDepth: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'deepest nesting of objects and arrays in a device message; default 32',
      }),
    ),
    maxDevices: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'devices registered on first contact stop being added past this many; default 100 000',
      }),
    ),
    commandTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, description: 'default 10 000' })),
    maxCommandsInFlight: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'unfinished commands one device may have; one more is answered 429; default 16',
      }),
    ),
    deviceLimits: Type.Optional(
      Type.Object(
        {
          messagesPerSecond: Type.Optional(
            Type.Integer({ minimum: 0, description: 'messages a second per device; default 0: no limit' }),
          ),
          bytesPerSecond: Type.Optional(
            Type.Integer({
              minimum: 0,
              description: 'payload bytes a second per device; default 0: no limit',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    history: Type.Optional(
      Type.Object({
        maxBatchLines: Type.Optional(Type.Integer({ minimum: 1 })),
        flushIntervalMs: Type.Optional(Type.Integer({ minimum: 1 })),
        highWaterLines: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
    ),
    streamFlushIntervalMs: Type.Optional(
      Type.Integer({ minimum: 1, description: 'WebSocket batching; default 10' }),
    ),
    rejectLogIntervalMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'one log line per device and reason per interval; default 10 000',
      }),
    ),
    restore: Type.Optional(
      Type.Boolean({ description: 'rebuild twins from InfluxDB at start; default true' }),
    ),
    logLevel: Type.Optional(Type.String({ description: 'pino level; default info' })),
    deviceTypes: Type.Optional(
      Type.Array(
        Type.Union([
          Type.String({ minLength: 1, description: 'a device-type file, or a folder of them' }),
          Type.Object({}, { description: 'a device-type document inline (docs/device-types.md)' }),
        ]),
        { description: 'device types of your own, checked and registered at start; default none' },
      ),
    ),
    auth: Type.Optional(AuthConfigSchema),
  },
  // A misspelt key is an error, not a silently ignored setting.
  { additionalProperties: false },
);

export type PlatformConfig = Static<typeof PlatformConfigSchema>;

export interface PlatformOptions extends PlatformConfig {
  /** Clock in epoch ms (tests inject one). Default Date.now. */
  now?: () => number;
  /** The service's logger. Default: a pino logger at `logLevel` on stderr. */
  logger?: Logger;
}

export const PLATFORM_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  registration: 'auto',
  profiles: ['twinbench', 'iot-node', 'devices-mac'],
  heartbeatTimeoutMs: 60_000,
  maxPayloadBytes: 65_536,
  maxJsonDepth: 32,
  maxDevices: 100_000,
  commandTimeoutMs: 10_000,
  maxCommandsInFlight: 16,
  deviceMessagesPerSecond: 0,
  deviceBytesPerSecond: 0,
  maxBatchLines: 5_000,
  flushIntervalMs: 100,
  highWaterLines: 50_000,
  streamFlushIntervalMs: 10,
  rejectLogIntervalMs: 10_000,
  restore: true,
  logLevel: 'info',
} as const;

/** Options with every default applied: what the plugins read (`app.settings`). Resolved once, in buildApp. */
export interface ResolvedOptions {
  mqtt: PlatformConfig['mqtt'] & { clientId: string };
  influx: PlatformConfig['influx'];
  host: string;
  port: number;
  /** HTTPS files, when asked for. */
  tls: { certFile: string; keyFile: string } | undefined;
  registration: 'auto' | 'reject';
  profiles: NonNullable<PlatformConfig['profiles']>;
  heartbeatTimeoutMs: number;
  maxPayloadBytes: number;
  maxJsonDepth: number;
  maxDevices: number;
  commandTimeoutMs: number;
  maxCommandsInFlight: number;
  deviceLimits: { messagesPerSecond: number; bytesPerSecond: number };
  history: { maxBatchLines: number; flushIntervalMs: number; highWaterLines: number };
  streamFlushIntervalMs: number;
  rejectLogIntervalMs: number;
  restore: boolean;
  logLevel: string;
  /** Device-type files (paths) or documents; registered in buildApp. */
  deviceTypes: readonly unknown[];
  /** API tokens, origins and rate limits, or off (docs/security.md). */
  auth: ResolvedAuth;
  now: () => number;
}

/** One platform per database: its MQTT session is named after it (two platforms on one db would take turns). */
function defaultClientId(db: string): string {
  return `twinbench-platform-${db.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/** Applies PLATFORM_DEFAULTS: the one place defaults are read. */
export function resolveOptions(o: PlatformOptions): ResolvedOptions {
  const d = PLATFORM_DEFAULTS;
  const h = o.history ?? {};
  return {
    mqtt: { ...o.mqtt, clientId: o.mqtt.clientId ?? defaultClientId(o.influx.db) },
    influx: o.influx,
    host: o.http?.host ?? d.host,
    port: o.http?.port ?? d.port,
    tls: o.http?.tls,
    registration: o.registration ?? d.registration,
    profiles: o.profiles ?? [...d.profiles],
    heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? d.heartbeatTimeoutMs,
    maxPayloadBytes: o.maxPayloadBytes ?? d.maxPayloadBytes,
    maxJsonDepth: o.maxJsonDepth ?? d.maxJsonDepth,
    maxDevices: o.maxDevices ?? d.maxDevices,
    commandTimeoutMs: o.commandTimeoutMs ?? d.commandTimeoutMs,
    maxCommandsInFlight: o.maxCommandsInFlight ?? d.maxCommandsInFlight,
    deviceLimits: {
      messagesPerSecond: o.deviceLimits?.messagesPerSecond ?? d.deviceMessagesPerSecond,
      bytesPerSecond: o.deviceLimits?.bytesPerSecond ?? d.deviceBytesPerSecond,
    },
    history: {
      maxBatchLines: h.maxBatchLines ?? d.maxBatchLines,
      flushIntervalMs: h.flushIntervalMs ?? d.flushIntervalMs,
      highWaterLines: h.highWaterLines ?? d.highWaterLines,
    },
    streamFlushIntervalMs: o.streamFlushIntervalMs ?? d.streamFlushIntervalMs,
    rejectLogIntervalMs: o.rejectLogIntervalMs ?? d.rejectLogIntervalMs,
    restore: o.restore ?? d.restore,
    logLevel: o.logLevel ?? d.logLevel,
    deviceTypes: o.deviceTypes ?? [],
    auth: resolveAuth(o.auth),
    now: o.now ?? Date.now,
  };
}

/** Validates a config (from JSON) and names each wrong field. */
export function parsePlatformConfig(input: unknown): PlatformConfig {
  if (Value.Check(PlatformConfigSchema, input)) return input;
  const problems = [...Value.Errors(PlatformConfigSchema, input)]
    .slice(0, 8)
    .map((e) => `${(e as { instancePath?: string }).instancePath || '/'}: ${e.message}`);
  throw new PlatformError(
    'BAD_CONFIG',
    `Invalid platform config: ${problems.join('; ')}. See docs/platform.md for the fields.`,
  );
}
