/**
 * Gateways in a fleet spec: `gateways: [{ count, idPattern, children: { type, count, … }, radio }]`.
 * A gateway entry becomes two ordinary groups (the gateways, then all their children), so ids, seeds,
 * identities, selectors and faults work for children as for any device; the plan says which child
 * belongs to which gateway (children are dealt out in order: the first `children.count` to the first
 * gateway, and so on).
 */
import Type from 'typebox';
import { DEVICE_TYPE_NAME_PATTERN } from '../../twin/index.ts';
import type { FleetGroup, FleetSpec } from '../fleet/spec.ts';
import { RadioSpecSchema, resolveRadio, type Radio, type RadioSpec } from './radio.ts';

export interface GatewayChildrenSpec {
  /** Device type of every child of this entry: any type but gateway, built in or from a device-type file. */
  type: string;
  /** Children per gateway. */
  count: number;
  /** Group name (tag `group`). Default '<type>'. */
  name?: string;
  idPattern?: string;
  publishIntervalMs?: number;
  options?: Record<string, unknown>;
  tags?: Record<string, string>;
  commandLatencyMs?: number;
  commandFailureRate?: number;
}

export interface GatewaySpec {
  /** How many gateways. */
  count: number;
  /** Group name of the gateways (tag `group`). Default 'gateway'. */
  name?: string;
  /** Default 'gw-{n:04}'. */
  idPattern?: string;
  publishIntervalMs?: number;
  /** Gateway model options (radio, channel, meanUplinkRssiDbm), see simulator/models/gateway. */
  options?: Record<string, unknown>;
  tags?: Record<string, string>;
  children: GatewayChildrenSpec;
  /** The radio between each child and its gateway. */
  radio?: RadioSpec;
  /** Child readings one telemetry batch carries at most. Default 50. */
  maxBatch?: number;
  /** How long the gateway collects readings before sending a batch, real ms. Default 100. */
  batchWindowMs?: number;
  /** Child readings a gateway keeps while its own connection is down (oldest dropped first). Default 1000. */
  maxQueued?: number;
  /** Put the gateways and their children on this floor ('G', 'L1', …) of the site. Default: anywhere. */
  floor?: string;
}

const ChildrenSchema = Type.Object(
  {
    type: Type.String({
      pattern: DEVICE_TYPE_NAME_PATTERN,
      description: 'a built-in type or one loaded from a device-type file (not gateway)',
    }),
    count: Type.Integer({ minimum: 1, maximum: 1000, description: 'children per gateway' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    idPattern: Type.Optional(Type.String({ minLength: 1 })),
    publishIntervalMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 86_400_000 })),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    commandLatencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    commandFailureRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);

export const GatewaySpecSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 100_000 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    idPattern: Type.Optional(Type.String({ minLength: 1, description: "e.g. 'gw-{n:04}'" })),
    publishIntervalMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 86_400_000 })),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    children: ChildrenSchema,
    radio: Type.Optional(RadioSpecSchema),
    maxBatch: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    batchWindowMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    maxQueued: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    floor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 16, description: "e.g. 'L2' (G is the ground floor)" }),
    ),
  },
  { additionalProperties: false },
);

/** How one gateway entry's groups relate. */
export interface GatewayPlan {
  gatewayGroup: number;
  childGroup: number;
  childrenPerGateway: number;
  radio: Radio;
  maxBatch: number;
  batchWindowMs: number;
  maxQueued: number;
  floor: string | undefined;
}

export const DEFAULT_MAX_BATCH = 50;
export const DEFAULT_BATCH_WINDOW_MS = 100;
export const DEFAULT_MAX_QUEUED = 1000;

/** The spec with each gateway entry turned into two groups, and the plan that ties them. */
export function expandGateways(spec: FleetSpec): { spec: FleetSpec; plans: GatewayPlan[] } {
  const gateways = spec.gateways ?? [];
  if (gateways.length === 0) return { spec, plans: [] };
  const groups: FleetGroup[] = [...spec.groups];
  const plans: GatewayPlan[] = [];
  for (const g of gateways) {
    const gatewayGroup = groups.length;
    groups.push({
      type: 'gateway',
      count: g.count,
      name: g.name ?? 'gateway',
      ...(g.idPattern !== undefined ? { idPattern: g.idPattern } : {}),
      ...(g.publishIntervalMs !== undefined ? { publishIntervalMs: g.publishIntervalMs } : {}),
      ...(g.options !== undefined ? { options: g.options } : {}),
      ...(g.tags !== undefined ? { tags: g.tags } : {}),
    });
    const c = g.children;
    groups.push({
      type: c.type,
      count: g.count * c.count,
      name: c.name ?? c.type,
      ...(c.idPattern !== undefined ? { idPattern: c.idPattern } : {}),
      ...(c.publishIntervalMs !== undefined ? { publishIntervalMs: c.publishIntervalMs } : {}),
      ...(c.options !== undefined ? { options: c.options } : {}),
      tags: { ...c.tags, via: 'gateway' },
      ...(c.commandLatencyMs !== undefined ? { commandLatencyMs: c.commandLatencyMs } : {}),
      ...(c.commandFailureRate !== undefined ? { commandFailureRate: c.commandFailureRate } : {}),
    });
    plans.push({
      gatewayGroup,
      childGroup: gatewayGroup + 1,
      childrenPerGateway: c.count,
      radio: resolveRadio(g.radio),
      maxBatch: g.maxBatch ?? DEFAULT_MAX_BATCH,
      batchWindowMs: g.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS,
      maxQueued: g.maxQueued ?? DEFAULT_MAX_QUEUED,
      floor: g.floor,
    });
  }
  const { gateways: _g, ...rest } = spec;
  return { spec: { ...rest, groups }, plans };
}
