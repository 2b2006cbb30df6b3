/**
 * The AsyncAPI 3.0.0 document of twinbench's messaging, seen from the platform: the MQTT topics of
 * every built-in topic profile (twinbench's tb/v1 first), the AWS IoT Device Shadow API, and the
 * platform's WebSocket /stream. Devices do the opposite of each operation (the platform receives
 * telemetry: a device sends it). Message payloads reference the published schemas, embedded under
 * components.schemas so the document stands alone.
 */
import { DEVICE_TYPES } from '../devices/device-type.ts';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILES } from '../topics/builtin-profiles.ts';
import type { TopicKind } from '../topics/profiles.ts';
import { GATEWAY_MESSAGES, gatewayChannels } from './gateway-asyncapi.ts';
import { schemaDocuments } from './json-schemas.ts';

type Json = Record<string, unknown>;

const ref = ($ref: string) => ({ $ref });
const camel = (s: string) => s.replace(/[_\-./]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());

/** Component messages: name → (title, schema name in components.schemas, summary). */
function messages(): Json {
  const m: Json = {};
  /** `payload` names a schema of components.schemas, or is an inline schema. */
  const add = (name: string, payload: string | Json, summary: string) => {
    m[name] = {
      name,
      title: name,
      summary,
      contentType: 'application/json',
      payload: typeof payload === 'string' ? ref(`#/components/schemas/${payload}`) : payload,
    };
  };
  for (const type of DEVICE_TYPES) {
    add(`Telemetry${pascal(type)}`, `Telemetry${pascal(type)}`, `Telemetry of a ${type}`);
    add(`Command${pascal(type)}`, `Command${pascal(type)}`, `A command to a ${type} (QoS 1)`);
  }
  add(
    'Status',
    'Status',
    'Status: the retained birth message (online: true, type …) and the last will (online: false)',
  );
  add('Event', 'Event', 'An event: trip, motion, reboot, battery_low, …');
  add(
    'CommandResponse',
    'CommandResponse',
    'A command response: delivered, then succeeded or failed (QoS 1)',
  );
  add('ShadowUpdateRequest', 'ShadowUpdateRequest', 'Update desired or reported state');
  add(
    'ShadowEmptyRequest',
    { type: 'object', properties: { clientToken: { type: 'string', maxLength: 64 } } },
    'An empty payload or {"clientToken": "…"}',
  );
  add('ShadowUpdateAccepted', 'ShadowUpdateAccepted', 'The update was applied');
  add('ShadowDelta', 'ShadowDelta', 'Desired properties that differ from reported');
  add('ShadowDocuments', 'ShadowDocuments', 'The document before and after an update');
  add('ShadowGetAccepted', 'ShadowGetAccepted', 'The shadow document');
  add('ShadowDeleteAccepted', 'ShadowDeleteAccepted', 'The shadow was deleted');
  add('ShadowError', 'ShadowError', 'The request was rejected');
  for (const [name, summary] of GATEWAY_MESSAGES) add(name, name, summary);
  add('StreamFrame', 'StreamFrame', 'A JSON array of twin changes (one turn of the platform event loop)');
  return m;
}

const KIND_MESSAGES: Record<TopicKind, string[]> = {
  telemetry: DEVICE_TYPES.map((t) => `Telemetry${pascal(t)}`),
  events: ['Event'],
  status: ['Status'],
  command: DEVICE_TYPES.map((t) => `Command${pascal(t)}`),
  commandResponse: ['CommandResponse'],
  heartbeat: [],
};

const KIND_TEXT: Record<TopicKind, string> = {
  telemetry: 'telemetry (QoS 0 or 1)',
  events: 'events (QoS 1)',
  status: 'status: retained birth and last will (QoS 1)',
  command: 'commands to the device (QoS 1)',
  commandResponse: 'command responses (QoS 1)',
  heartbeat: 'heartbeats (any payload)',
};

interface Built {
  channels: Json;
  operations: Json;
}

function parameterOf(address: string): Json {
  const params: Json = {};
  for (const [, p] of address.matchAll(/\{([A-Za-z]+)\}/g)) {
    params[p as string] = {
      description:
        p === 'mac'
          ? 'the device MAC address (aa:bb:cc:dd:ee:ff, or as the profile writes it)'
          : p === 'id'
            ? 'the device id, [A-Za-z0-9_.:-]{1,128}'
            : p === 'gateway'
              ? 'the gateway id (the children are named in each message)'
              : p === 'thing'
                ? 'the thing name (the device id)'
                : 'the named shadow',
    };
  }
  return params;
}

function channel(
  b: Built,
  id: string,
  address: string,
  description: string,
  names: string[],
  action: 'send' | 'receive',
  server: string,
): void {
  b.channels[id] = {
    address,
    description,
    parameters: parameterOf(address),
    servers: [ref(`#/servers/${server}`)],
    messages: Object.fromEntries(names.map((n) => [n, ref(`#/components/messages/${n}`)])),
  };
  b.operations[`${action}${pascal(id)}`] = {
    action,
    channel: ref(`#/channels/${id}`),
    summary: `${action === 'send' ? 'The platform publishes' : 'Devices publish'} ${description}`,
    messages: names.map((n) => ref(`#/channels/${id}/messages/${n}`)),
  };
}

function profileChannels(b: Built): void {
  for (const name of BUILTIN_PROFILE_NAMES) {
    const spec = BUILTIN_PROFILES[name];
    for (const kind of ['telemetry', 'events', 'status', 'command', 'commandResponse'] as const) {
      const pattern = spec[kind];
      if (pattern === undefined) continue;
      channel(
        b,
        `${name}.${kind}`,
        pattern,
        `${KIND_TEXT[kind]}, topic profile ${name}`,
        KIND_MESSAGES[kind],
        kind === 'command' ? 'send' : 'receive',
        'broker',
      );
    }
  }
}

function shadowChannels(b: Built): void {
  for (const named of [false, true]) {
    const base = named ? '$aws/things/{thing}/shadow/name/{shadowName}' : '$aws/things/{thing}/shadow';
    const id = (s: string) => `awsShadow${named ? 'Named' : ''}.${camel(s)}`;
    const which = named ? 'a named shadow' : 'the classic shadow';
    channel(
      b,
      id('update'),
      `${base}/update`,
      `update requests of ${which}`,
      ['ShadowUpdateRequest'],
      'receive',
      'broker',
    );
    channel(
      b,
      id('get'),
      `${base}/get`,
      `get requests of ${which}`,
      ['ShadowEmptyRequest'],
      'receive',
      'broker',
    );
    channel(
      b,
      id('delete'),
      `${base}/delete`,
      `delete requests of ${which}`,
      ['ShadowEmptyRequest'],
      'receive',
      'broker',
    );
    const answers: [string, string, string][] = [
      ['update/accepted', 'ShadowUpdateAccepted', 'accepted updates'],
      ['update/rejected', 'ShadowError', 'rejected updates'],
      ['update/delta', 'ShadowDelta', 'deltas (desired ≠ reported)'],
      ['update/documents', 'ShadowDocuments', 'documents before and after each update'],
      ['get/accepted', 'ShadowGetAccepted', 'answers to get'],
      ['get/rejected', 'ShadowError', 'rejected gets'],
      ['delete/accepted', 'ShadowDeleteAccepted', 'answers to delete'],
      ['delete/rejected', 'ShadowError', 'rejected deletes'],
    ];
    for (const [suffix, message, text] of answers) {
      channel(b, id(suffix), `${base}/${suffix}`, `${text} of ${which}`, [message], 'send', 'broker');
    }
  }
}

/** The AsyncAPI document (a plain JSON value). */
export function asyncApiDocument(): Json {
  const b: Built = { channels: {}, operations: {} };
  profileChannels(b);
  shadowChannels(b);
  gatewayChannels((id, address, description, names, action) =>
    channel(b, id, address, description, names, action, 'broker'),
  );
  channel(
    b,
    'stream',
    '/stream',
    'twin changes to WebSocket clients (query: device, type, tag, kinds)',
    ['StreamFrame'],
    'send',
    'platform',
  );
  const schemas: Json = {};
  for (const d of schemaDocuments()) {
    const plain = JSON.parse(JSON.stringify(d.schema)) as Json;
    schemas[d.name] = { title: d.title, ...plain };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'twinbench',
      version: '1.0.0',
      description:
        "twinbench's messaging as the platform sees it: devices publish telemetry, events, status and command responses and receive commands over MQTT (every built-in topic profile), shadows follow the AWS IoT Device Shadow MQTT API, and the platform streams twin changes over WebSocket. Schemas: twin/json/schemas/ (docs/twin-contract.md).",
    },
    defaultContentType: 'application/json',
    servers: {
      broker: {
        host: '127.0.0.1:1883',
        protocol: 'mqtt',
        protocolVersion: '3.1.1',
        description: 'The MQTT broker (Mosquitto) the stack starts; the port varies',
      },
      platform: {
        host: '127.0.0.1:8080',
        protocol: 'ws',
        description: 'The platform API; `twinbench platform --port` sets the port',
      },
    },
    channels: b.channels,
    operations: b.operations,
    components: { schemas, messages: messages() },
  };
}
