/**
 * Topics a gateway speaks for its children, under its own id: `tb/v1/{gateway}/children/…`. One MQTT
 * connection carries every child's traffic; each message names the child it is about (`device`).
 * Matched with string prefix/suffix checks, as the platform does this for every message.
 */
import { isValidDeviceId } from './device-id.ts';
import { TB_PREFIX } from './twinbench.ts';

/** What a gateway publishes about its children (the platform subscribes to them). */
export const GATEWAY_INBOUND_KINDS = Object.freeze([
  'connect',
  'disconnect',
  'status',
  'telemetry',
  'events',
  'commandResponse',
  'shadowUpdate',
] as const);
export type GatewayInboundKind = (typeof GATEWAY_INBOUND_KINDS)[number];

/** What the platform publishes to a gateway for its children. */
export const GATEWAY_OUTBOUND_KINDS = Object.freeze(['command', 'shadowDelta', 'rejected'] as const);
export type GatewayOutboundKind = (typeof GATEWAY_OUTBOUND_KINDS)[number];

export type GatewayTopicKind = GatewayInboundKind | GatewayOutboundKind;

/** The level(s) after `tb/v1/{gateway}/` of each kind. */
export const GATEWAY_TOPIC_SUFFIX: Readonly<Record<GatewayTopicKind, string>> = Object.freeze({
  connect: 'children/connect',
  disconnect: 'children/disconnect',
  status: 'children/status',
  telemetry: 'children/telemetry',
  events: 'children/events',
  commandResponse: 'children/commands/response',
  shadowUpdate: 'children/shadow/update',
  command: 'children/commands',
  shadowDelta: 'children/shadow/delta',
  rejected: 'children/rejected',
});

const PREFIX = `${TB_PREFIX}/`;
const BY_SUFFIX = new Map<string, GatewayTopicKind>(
  Object.entries(GATEWAY_TOPIC_SUFFIX).map(([kind, suffix]) => [suffix, kind as GatewayTopicKind]),
);

export interface GatewayTopicMatch {
  gatewayId: string;
  kind: GatewayTopicKind;
}

/** The gateway and kind of a `tb/v1/{gateway}/children/…` topic, or undefined for any other topic. */
export function matchGatewayTopic(topic: string): GatewayTopicMatch | undefined {
  if (!topic.startsWith(PREFIX)) return undefined;
  const slash = topic.indexOf('/', PREFIX.length);
  if (slash < 0) return undefined;
  const kind = BY_SUFFIX.get(topic.slice(slash + 1));
  if (kind === undefined) return undefined;
  const gatewayId = topic.slice(PREFIX.length, slash);
  return isValidDeviceId(gatewayId) ? { gatewayId, kind } : undefined;
}

/** Whether a matched kind is one a gateway publishes (the platform ignores its own outbound kinds). */
export function isGatewayInbound(kind: GatewayTopicKind): kind is GatewayInboundKind {
  return (GATEWAY_INBOUND_KINDS as readonly string[]).includes(kind);
}

/** The topic of `kind` for gateway `gatewayId`; throws RangeError for an id that cannot be a topic level. */
export function gatewayTopic(gatewayId: string, kind: GatewayTopicKind): string {
  if (!isValidDeviceId(gatewayId)) {
    throw new RangeError(
      `gateway id ${JSON.stringify(gatewayId)} cannot form a topic: use 1 to 128 characters from A-Z a-z 0-9 _ . : -`,
    );
  }
  return `${PREFIX}${gatewayId}/${GATEWAY_TOPIC_SUFFIX[kind]}`;
}

/** What a gateway subscribes to: commands and shadow deltas for its children, and refusals. */
export function gatewaySubscriptions(gatewayId: string): string[] {
  return GATEWAY_OUTBOUND_KINDS.map((kind) => gatewayTopic(gatewayId, kind));
}
