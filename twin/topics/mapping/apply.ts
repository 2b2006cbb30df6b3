/**
 * One message through a profile's mapping and then the device type's checks: the one path the
 * platform's ingest and `twinbench profile test` share, so what the CLI shows is what the platform does.
 */
import type { CommandResponse, Telemetry } from '../../devices/envelopes.ts';
import type { FieldSpec, FieldValue } from '../../devices/fields.ts';
import { parseCommandResponse } from '../../devices/messages.ts';
import { deviceTypeSpec } from '../../devices/type-registry.ts';
import { parseTelemetry } from '../../devices/validate.ts';
import { fail, ok, type Result } from '../../result.ts';
import type { TopicProfile } from '../profiles.ts';
import { twinbenchEncoder, type OutboundCommand } from './commands.ts';

/** A telemetry message as the twin takes it, with what the mapping kept aside. */
export interface MappedMessage {
  telemetry: Telemetry;
  metadata?: Record<string, FieldValue>;
  ignored?: string[];
  unknown?: string[];
}

/** Telemetry fields of a device type, built in or registered from a file. */
export function telemetryFieldsOf(type: string): Readonly<Record<string, FieldSpec>> | undefined {
  return deviceTypeSpec(type)?.telemetry as Readonly<Record<string, FieldSpec>> | undefined;
}

/**
 * Maps (when the profile has a mapping) and checks a telemetry body of device `deviceId` of `type`.
 * Without a mapping this is `parseTelemetry` as before.
 */
export function mapTelemetry(
  profile: TopicProfile,
  type: string,
  deviceId: string,
  body: unknown,
): Result<MappedMessage> {
  const mapping = profile.mapping;
  if (mapping === undefined) {
    const t = parseTelemetry(type, body);
    return t.ok ? ok({ telemetry: t.value }) : t;
  }
  const mapped = mapping.inbound.telemetry(body, { deviceId, fields: telemetryFieldsOf(type) });
  if (!mapped.ok) return mapped;
  const t = parseTelemetry(type, mapped.value.message);
  if (!t.ok) return fail(t.errors);
  const { metadata, ignored, unknown } = mapped.value;
  const out: MappedMessage = { telemetry: t.value };
  if (metadata) out.metadata = metadata;
  if (ignored) out.ignored = ignored;
  if (unknown) out.unknown = unknown;
  return ok(out);
}

/** A command response in the device's shape, read back and checked. */
export function mapCommandResponse(profile: TopicProfile, body: unknown): Result<CommandResponse> {
  const decoded = profile.mapping ? profile.mapping.decodeResponse(body) : body;
  return parseCommandResponse(decoded);
}

/** A command as the device's profile wants it on the wire (twinbench's `{id, name, params, ts}` by default). */
export function encodeCommand(profile: TopicProfile, command: OutboundCommand): string {
  return (profile.mapping?.encodeCommand ?? twinbenchEncoder)(command);
}
