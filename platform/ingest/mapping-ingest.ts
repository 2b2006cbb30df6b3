/**
 * The platform's side of payload mappings (twin compiles and applies them): keeps the metadata a
 * mapping sets aside, counts unknown keys per profile and logs each unknown key once, and takes
 * heartbeats. Ingest calls it in place of parsing telemetry and command responses itself.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import { Counter, type Registry as MetricsRegistry } from 'prom-client';
import {
  mapCommandResponse,
  mapTelemetry,
  type CommandResponse,
  type Result,
  type Telemetry,
  type TopicProfile,
} from '../../twin/index.ts';
import { DeviceMetadata } from './device-metadata.ts';

/** Unknown keys logged once each; past this many distinct ones the log stays quiet (counting goes on). */
const MAX_LOGGED_KEYS = 1000;

export interface MappingIngestOptions {
  registry: MetricsRegistry;
  log: Logger;
}

export class MappingIngest {
  readonly metadata = new DeviceMetadata();
  readonly #log: Logger;
  readonly #unknown: Counter<'profile'>;
  readonly #logged = new Set<string>();

  constructor(options: MappingIngestOptions) {
    this.#log = options.log;
    // Label by profile only: key names come from devices, and a label per key would let any device
    // grow the metric without bound.
    this.#unknown = new Counter({
      name: 'twinbench_mapping_unknown_keys_total',
      help: 'Keys in device messages that no payload mapping rule or device type field knows (dropped), by profile',
      labelNames: ['profile'] as const,
      registers: [options.registry],
    });
  }

  /** Maps and checks a telemetry body; metadata is kept, unknown keys counted and logged once. */
  telemetry(
    profile: TopicProfile,
    type: string,
    deviceId: string,
    body: unknown,
    arrivalMs: number,
  ): Result<Telemetry> {
    const r = mapTelemetry(profile, type, deviceId, body);
    if (!r.ok) return r;
    const { telemetry, metadata, unknown } = r.value;
    if (metadata !== undefined) this.metadata.set(deviceId, metadata, telemetry.ts ?? arrivalMs);
    if (unknown !== undefined) this.#countUnknown(profile.name, deviceId, unknown);
    return { ok: true, value: telemetry };
  }

  commandResponse(profile: TopicProfile, body: unknown): Result<CommandResponse> {
    return mapCommandResponse(profile, body);
  }

  /** A heartbeat: any payload; JSON bodies may carry metadata under the profile's key rules. */
  heartbeat(profile: TopicProfile, deviceId: string, payload: Buffer, arrivalMs: number): Result<void> {
    const mapping = profile.mapping;
    if (mapping === undefined || payload.length === 0) return { ok: true, value: undefined };
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      return { ok: true, value: undefined }; // "1", "ping" …: a sign of life is all a heartbeat must be
    }
    const r = mapping.inbound.metadataOf(body, { deviceId, fields: undefined });
    if (!r.ok) return r;
    if (r.value !== undefined) this.metadata.set(deviceId, r.value, arrivalMs);
    return { ok: true, value: undefined };
  }

  #countUnknown(profile: string, deviceId: string, keys: string[]): void {
    this.#unknown.inc({ profile }, keys.length);
    for (const key of keys) {
      const id = `${profile}\u0000${key}`;
      if (this.#logged.has(id) || this.#logged.size >= MAX_LOGGED_KEYS) continue;
      this.#logged.add(id);
      this.#log.warn(
        { profile, deviceId, key },
        `unknown key "${key}" in telemetry on profile ${profile}: dropped (logged once; counted in twinbench_mapping_unknown_keys_total). Map it in the profile (aliases, keys) or mark it "ignore".`,
      );
    }
  }
}
