import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
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
          Type.Object({
            name: Type.String(),
            telemetry: Type.String(),
            command: Type.String(),
            events: Type.Optional(Type.String()),
            status: Type.Optional(Type.String()),
            commandResponse: Type.Optional(Type.String()),
            deviceType: Type.Optional(Type.String()),
          }),
        ]),
      ),
    ),
    heartbeatTimeoutMs: Type.Optional(
      Type.Integer({ minimum: 100, description: 'silence after which a device is offline; default 60 000' }),
    ),
    maxPayloadBytes: Type.Optional(
      Type.Integer({ minimum: 64, description: 'largest device message accepted; default 65 536' }),
    ),
    commandTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, description: 'default 10 000' })),
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
  },
  // A misspelt key is an error, not a silently ignored setting.
  { additionalProperties: false },
);

export type PlatformConfig = Static<typeof PlatformConfigSchema>;

export interface PlatformOptions extends PlatformConfig {
  /** Clock in epoch ms (tests inject one). Default Date.now. */
  now?: () => number;
}

export const PLATFORM_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  registration: 'auto',
  profiles: ['twinbench', 'iot-node', 'devices-mac'],
  heartbeatTimeoutMs: 60_000,
  maxPayloadBytes: 65_536,
  commandTimeoutMs: 10_000,
  maxBatchLines: 5_000,
  flushIntervalMs: 100,
  highWaterLines: 50_000,
  streamFlushIntervalMs: 10,
  rejectLogIntervalMs: 10_000,
  restore: true,
  logLevel: 'info',
} as const;

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
