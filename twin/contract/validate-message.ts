/**
 * One entry point over twin's validators, keyed by message kind: what the golden cases of the
 * published contract (twin/json/golden/manifest.json) are checked with, here and in the firmware.
 */
import type { TSchema } from 'typebox';
import { DEVICE_TYPES, isDeviceType, type DeviceType } from '../devices/device-type.ts';
import { parseCommandMessage, parseCommandResponse, parseEvent, parseStatus } from '../devices/messages.ts';
import { lazyCompile, type CompiledCheck } from '../devices/lazy-compile.ts';
import { decodeJson } from '../devices/payload.ts';
import { formatSchemaErrors } from '../devices/schema-errors.ts';
import { parseCommandRequest, parseTelemetry, validateDesired } from '../devices/validate.ts';
import { TwinError } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { ShadowError } from '../shadow/errors.ts';
import { isJsonObject } from '../shadow/json.ts';
import { DEFAULT_SHADOW_LIMITS } from '../shadow/limits.ts';
import { parseUpdateRequest } from '../shadow/request.ts';
import {
  ShadowDeleteAcceptedSchema,
  ShadowDeltaSchema,
  ShadowDocumentsSchema,
  ShadowErrorSchema,
  ShadowGetAcceptedSchema,
  ShadowUpdateAcceptedSchema,
} from '../shadow/schemas.ts';
import { TopicProfileSpecSchema } from '../topics/profile-schema.ts';
import { compileProfile, type TopicProfileSpec } from '../topics/profiles.ts';
import {
  parseChildCommand,
  parseChildCommandResponse,
  parseChildConnect,
  parseChildDisconnect,
  parseChildEvent,
  parseChildRejected,
  parseChildShadowDelta,
  parseChildShadowUpdate,
  parseChildStatus,
  parseChildTelemetry,
} from '../topics/gateway-messages.ts';

/** The kinds of message the contract describes. */
export const MESSAGE_KINDS = Object.freeze([
  'telemetry',
  'status',
  'event',
  'command',
  'commandResponse',
  'desired',
  'shadowUpdate',
  'shadowUpdateAccepted',
  'shadowDelta',
  'shadowDocuments',
  'shadowGetAccepted',
  'shadowDeleteAccepted',
  'shadowError',
  'topicProfile',
  'childConnect',
  'childDisconnect',
  'childStatus',
  'childTelemetry',
  'childEvent',
  'childCommand',
  'childCommandResponse',
  'childShadowDelta',
  'childShadowUpdate',
  'childRejected',
] as const);
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Kinds that are checked against a device type (and need one). */
export const TYPED_MESSAGE_KINDS: readonly MessageKind[] = Object.freeze(['telemetry', 'desired']);

export interface ValidateMessageOptions {
  /**
   * The device's type: required for telemetry and desired; for a command it also checks the name and
   * parameters, for a shadow update the desired section.
   */
  deviceType?: DeviceType;
}

const documentChecks: Partial<Record<MessageKind, () => CompiledCheck<TSchema>>> = {
  shadowUpdateAccepted: lazyCompile(ShadowUpdateAcceptedSchema),
  shadowDelta: lazyCompile(ShadowDeltaSchema),
  shadowDocuments: lazyCompile(ShadowDocumentsSchema),
  shadowGetAccepted: lazyCompile(ShadowGetAcceptedSchema),
  shadowDeleteAccepted: lazyCompile(ShadowDeleteAcceptedSchema),
  shadowError: lazyCompile(ShadowErrorSchema),
};
const profileCheck = lazyCompile(TopicProfileSpecSchema);

/**
 * Checks `payload` (raw bytes, text, or a parsed value) as a message of `kind`; the errors are twin's
 * own wording (the same the platform answers with).
 */
export function validateMessage(
  kind: MessageKind,
  payload: unknown,
  options: ValidateMessageOptions = {},
): Result<unknown> {
  const type = options.deviceType;
  if (type !== undefined && !isDeviceType(type)) {
    return fail([`device type ${JSON.stringify(type)} is unknown; allowed: ${DEVICE_TYPES.join(' | ')}`]);
  }
  switch (kind) {
    case 'telemetry':
      return type === undefined ? needsType(kind) : parseTelemetry(type, payload);
    case 'status':
      return parseStatus(payload);
    case 'event':
      return parseEvent(payload);
    case 'commandResponse':
      return parseCommandResponse(payload);
    case 'command': {
      const command = parseCommandMessage(payload);
      if (!command.ok || type === undefined) return command;
      const request = parseCommandRequest(type, command.value.name, command.value.params);
      return request.ok ? command : request;
    }
    case 'desired': {
      if (type === undefined) return needsType(kind);
      const decoded = decodeJson(payload);
      return decoded.ok ? validateDesired(type, decoded.value) : decoded;
    }
    case 'shadowUpdate':
      return shadowUpdate(payload, type);
    case 'topicProfile':
      return topicProfile(payload);
    case 'childConnect':
      return parseChildConnect(payload);
    case 'childDisconnect':
      return parseChildDisconnect(payload);
    case 'childStatus':
      return parseChildStatus(payload);
    case 'childTelemetry':
      return childTelemetry(payload, type);
    case 'childEvent':
      return parseChildEvent(payload);
    case 'childCommand':
      return parseChildCommand(payload);
    case 'childCommandResponse':
      return parseChildCommandResponse(payload);
    case 'childShadowDelta':
      return parseChildShadowDelta(payload);
    case 'childShadowUpdate':
      return parseChildShadowUpdate(payload);
    case 'childRejected':
      return parseChildRejected(payload);
    default: {
      const check = documentChecks[kind]?.();
      if (check === undefined) return fail([`message kind ${JSON.stringify(kind)} is unknown`]);
      const decoded = decodeJson(payload);
      if (!decoded.ok) return decoded;
      return check.Check(decoded.value) ? ok(decoded.value) : fail(formatSchemaErrors(check, decoded.value));
    }
  }
}

function needsType(kind: MessageKind): Result<never> {
  return fail([`a ${kind} message is checked against a device type; pass deviceType`]);
}

/** An AWS shadow update request; with a device type, its desired section is checked against it too. */
function shadowUpdate(payload: unknown, type: DeviceType | undefined): Result<unknown> {
  const decoded = decodeJson(payload);
  if (!decoded.ok) return decoded;
  try {
    parseUpdateRequest(decoded.value as object, DEFAULT_SHADOW_LIMITS);
  } catch (error) {
    if (error instanceof ShadowError) return fail([error.message]);
    throw error;
  }
  const state = (decoded.value as { state?: unknown }).state;
  const desired = isJsonObject(state) ? state.desired : undefined;
  if (type !== undefined && isJsonObject(desired)) {
    const checked = validateDesired(type, desired);
    if (!checked.ok) return checked;
  }
  return ok(decoded.value);
}

/** A batch of child readings; with a device type, every reading's fields are checked against it too. */
function childTelemetry(payload: unknown, type: DeviceType | undefined): Result<unknown> {
  const batch = parseChildTelemetry(payload);
  if (!batch.ok || type === undefined) return batch;
  const errors: string[] = [];
  batch.value.readings.forEach(({ device: _device, ...reading }, i) => {
    const checked = parseTelemetry(type, reading);
    if (!checked.ok) errors.push(...checked.errors.map((e) => `readings/${i}: ${e}`));
  });
  return errors.length > 0 ? fail(errors) : batch;
}

function topicProfile(payload: unknown): Result<unknown> {
  const decoded = decodeJson(payload);
  if (!decoded.ok) return decoded;
  const check = profileCheck();
  if (!check.Check(decoded.value)) return fail(formatSchemaErrors(check, decoded.value));
  try {
    compileProfile(decoded.value as TopicProfileSpec);
  } catch (error) {
    if (error instanceof TwinError) return fail([error.message]);
    throw error;
  }
  return ok(decoded.value);
}
