/**
 * Parsing status, event, command and command-response messages. These are low-volume, so they use
 * the compiled TypeBox schemas from envelopes.ts, with errors reworded by schema-errors.ts.
 */
import { fail, ok, type Result } from '../result.ts';
import { Type } from 'typebox';
import { isJsonObject } from '../shadow/json.ts';
import { formatValue, kindOf } from './check-field.ts';
import {
  CommandResponseSchema,
  CommandSchema,
  EventSchema,
  KNOWN_EVENT_SCHEMAS,
  StatusSchema,
  type CommandMessage,
  type CommandResponse,
  type EventMessage,
  type StatusMessage,
} from './envelopes.ts';
import { lazyCompile } from './lazy-compile.ts';
import { decodeJson } from './payload.ts';
import { schemaErrors } from './schema-errors.ts';
import { DEVICE_TYPE_NAME_PATTERN } from './type-file-schema.ts';
import { isKnownDeviceType, knownDeviceTypes } from './type-registry.ts';

// The published StatusSchema lists the built-in types; a status may also name a type registered from a
// device-type file, so the name is checked against the registry after the shape.
const statusCheck = lazyCompile(
  Type.Object(
    {
      ...StatusSchema.properties,
      type: Type.Optional(Type.String({ pattern: DEVICE_TYPE_NAME_PATTERN })),
    },
    { description: 'Device status; the retained message and the last will' },
  ),
);
const eventCheck = lazyCompile(EventSchema);
const commandCheck = lazyCompile(CommandSchema);
const responseCheck = lazyCompile(CommandResponseSchema);
const knownEventChecks = new Map(
  Object.entries(KNOWN_EVENT_SCHEMAS).map(([type, schema]) => [type, lazyCompile(schema)]),
);

function decodeObject(payload: unknown, what: string): Result<Record<string, unknown>> {
  const decoded = decodeJson(payload);
  if (!decoded.ok) return decoded;
  if (!isJsonObject(decoded.value)) {
    return fail([`${what} is ${kindOf(decoded.value)} (${formatValue(decoded.value)}); send a JSON object`]);
  }
  return ok(decoded.value);
}

/**
 * A status message. Besides the JSON form, the bare payloads `online` / `offline` (common as MQTT
 * last wills in foreign conventions) are accepted. Unknown properties are dropped.
 */
export function parseStatus(payload: unknown): Result<StatusMessage> {
  const bare =
    typeof payload === 'string'
      ? payload
      : payload instanceof Uint8Array && payload.length <= 8
        ? new TextDecoder().decode(payload)
        : undefined;
  if (bare === 'online' || bare === 'offline') return ok({ online: bare === 'online' });
  const decoded = decodeObject(payload, 'status');
  if (!decoded.ok) return decoded;
  const message = decoded.value;
  const check = statusCheck();
  if (!check.Check(message)) return fail(schemaErrors(check, message));
  if (message.type !== undefined && !isKnownDeviceType(message.type)) {
    return fail([
      `type: ${formatValue(message.type)} is not an allowed value; allowed: ${knownDeviceTypes().join(' | ')} (or load a device-type file that defines it)`,
    ]);
  }
  const status: StatusMessage = { online: message.online };
  if (message.type !== undefined) status.type = message.type;
  if (message.fw_version !== undefined) status.fw_version = message.fw_version;
  if (message.ts !== undefined) status.ts = message.ts;
  return ok(status);
}

/** An event: `type` plus details; the details of known types (`trip`, `motion`) are checked too. */
export function parseEvent(payload: unknown): Result<EventMessage> {
  const decoded = decodeObject(payload, 'event');
  if (!decoded.ok) return decoded;
  const message = decoded.value;
  const check = eventCheck();
  if (!check.Check(message)) return fail(schemaErrors(check, message));
  const details = knownEventChecks.get(message.type)?.();
  if (details !== undefined && !details.Check(message)) return fail(schemaErrors(details, message));
  return ok(message as EventMessage);
}

/** A command as a device receives it: `{ id, name, params, ts }` (parameters are checked by the device's own spec). */
export function parseCommandMessage(payload: unknown): Result<CommandMessage> {
  const decoded = decodeObject(payload, 'command');
  if (!decoded.ok) return decoded;
  const message = decoded.value;
  const check = commandCheck();
  if (!check.Check(message)) return fail(schemaErrors(check, message));
  return ok(message as CommandMessage);
}

/** A command response: `{ id, status: delivered | succeeded | failed, result?, error?, ts? }`. */
export function parseCommandResponse(payload: unknown): Result<CommandResponse> {
  const decoded = decodeObject(payload, 'command response');
  if (!decoded.ok) return decoded;
  const message = decoded.value;
  const check = responseCheck();
  if (!check.Check(message)) return fail(schemaErrors(check, message));
  return ok(message as CommandResponse);
}
