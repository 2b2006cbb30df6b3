/** What one message on one topic becomes under a profile: `twinbench profile test` prints this. */
import { isKnownDeviceType } from '../../devices/type-registry.ts';
import type { CommandResponse } from '../../devices/envelopes.ts';
import type { FieldValue } from '../../devices/fields.ts';
import { parseEvent, parseStatus } from '../../devices/messages.ts';
import type { InboundKind, TopicProfile } from '../profiles.ts';
import { mapCommandResponse, mapTelemetry } from './apply.ts';

export type MessageTrial =
  | {
      ok: true;
      kind: InboundKind;
      deviceId: string;
      type?: string;
      /** Measurement time, epoch ms (absent: the platform uses the arrival time). */
      ts?: number;
      fields?: Record<string, FieldValue>;
      metadata?: Record<string, FieldValue>;
      ignored?: string[];
      unknown?: string[];
      response?: CommandResponse;
    }
  | { ok: false; kind?: InboundKind; deviceId?: string; errors: string[] };

/**
 * Runs `body` (parsed JSON, or text for bare statuses and heartbeats) through `profile` as the
 * platform would for `topic`. `type` is the device's type when the profile does not name one.
 */
export function tryMessage(
  profile: TopicProfile,
  topic: string,
  body: unknown,
  options: { type?: string } = {},
): MessageTrial {
  const match = profile.match(topic);
  if (match === undefined) {
    return { ok: false, errors: [`topic ${topic} is not one of profile '${profile.name}'s topics`] };
  }
  const { kind, deviceId } = match;
  const base = { kind, deviceId };
  switch (kind) {
    case 'telemetry': {
      const type = options.type ?? profile.mapping?.inbound.typeOf(body) ?? profile.spec.deviceType;
      if (type === undefined)
        return {
          ...base,
          ok: false,
          errors: [
            'the profile names no deviceType and the message no type: say which type the device is with --type',
          ],
        };
      if (!isKnownDeviceType(type))
        return { ...base, ok: false, errors: [`device type '${type}' is unknown`] };
      const r = mapTelemetry(profile, type, deviceId, body);
      if (!r.ok) return { ...base, ok: false, errors: r.errors };
      const { telemetry, metadata, ignored, unknown } = r.value;
      return {
        ...base,
        ok: true,
        type,
        ...(telemetry.ts !== undefined ? { ts: telemetry.ts } : {}),
        fields: telemetry.fields,
        ...(metadata ? { metadata } : {}),
        ...(ignored ? { ignored } : {}),
        ...(unknown ? { unknown } : {}),
      };
    }
    case 'commandResponse': {
      const r = mapCommandResponse(profile, body);
      return r.ok ? { ...base, ok: true, response: r.value } : { ...base, ok: false, errors: r.errors };
    }
    case 'heartbeat': {
      const r = profile.mapping?.inbound.metadataOf(body, { deviceId, fields: undefined });
      if (r && !r.ok) return { ...base, ok: false, errors: r.errors };
      return { ...base, ok: true, ...(r?.value ? { metadata: r.value } : {}) };
    }
    case 'status': {
      const r = parseStatus(profile.mapping?.inbound.statusOf(body) ?? body);
      return r.ok ? { ...base, ok: true } : { ...base, ok: false, errors: r.errors };
    }
    default: {
      const r = parseEvent(body);
      return r.ok ? { ...base, ok: true } : { ...base, ok: false, errors: r.errors };
    }
  }
}
