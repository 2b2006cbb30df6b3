// The scale bench's edge brokers (Mosquitto, bridged into the central one the platform reads) and
// the fleets behind each: its gateways with their children, its direct devices, and the baseline.
import type { ChildProcess } from 'node:child_process';
import type { FleetSpec, WorkerFleet } from '../simulator/index.ts';
import type { ScaleBenchOptions } from './scale-options.ts';

export interface Edge {
  port: number;
  process: ChildProcess;
  prefix: string;
  /** Its share of the fleet: gateways (each with o.children children) and direct devices. */
  gateways: number;
  direct: number;
  /** The gateways with their children, and the direct devices: fleets (processes) of their own, so a
   * process's RSS is either children's (with their gateways' connections) or direct devices'. */
  gatewayFleet?: WorkerFleet;
  directFleet?: WorkerFleet;
}

/** An edge Mosquitto bridged into the central one: device traffic out, what the platform answers in. */
export function edgeConfig(port: number, centralPort: number, name: string): string {
  const childOut = [
    'connect',
    'disconnect',
    'status',
    'telemetry',
    'events',
    'commands/response',
    'shadow/update',
  ];
  return [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'max_queued_messages 1000000',
    'max_inflight_messages 1000',
    `connection ${name}`,
    `address 127.0.0.1:${centralPort}`,
    `remote_clientid ${name}`,
    'cleansession true',
    'bridge_protocol_version mqttv311',
    'restart_timeout 1',
    'notifications false',
    ...['telemetry', 'events', 'status', 'commands/response'].map((t) => `topic tb/v1/+/${t} out 1`),
    ...childOut.map((t) => `topic tb/v1/+/children/${t} out 1`),
    ...['update', 'get', 'delete'].map((op) => `topic $aws/things/+/shadow/${op} out 1`),
    'topic tb/v1/+/commands in 1',
    'topic tb/v1/+/children/commands in 1',
    'topic tb/v1/+/children/shadow/delta in 1',
    'topic tb/v1/+/+/rejected in 1',
    ...['update', 'get', 'delete'].map((op) => `topic $aws/things/+/shadow/${op}/+ in 1`),
  ].join('\n');
}

/** `total` split over `parts`, the first ones taking the remainder. */
export const split = (total: number, parts: number, i: number) =>
  Math.floor(total / parts) + (i < total % parts ? 1 : 0);

/** An edge's gateways with their children: one fleet (simulator processes of its own). */
export const gatewaySpec = (o: ScaleBenchOptions, e: Edge): FleetSpec => ({
  name: `scale-${e.prefix}-gw`,
  seed: 1,
  rampUpPerSecond: o.rampPerSecond * o.workersPerBroker,
  site: 'scale-site',
  groups: [],
  gateways: [
    {
      count: e.gateways,
      idPattern: `${e.prefix}-gw-{n:04}`,
      publishIntervalMs: Math.max(1000, o.intervalMs),
      maxBatch: o.maxBatch,
      batchWindowMs: o.batchWindowMs,
      children: {
        type: 'env_sensor',
        count: o.children,
        idPattern: `${e.prefix}-bat-{n:06}`,
        publishIntervalMs: o.intervalMs,
        tags: { power: 'battery' },
      },
    },
  ],
});

/** An edge's directly connected devices: one fleet (simulator processes of its own). */
export const directSpec = (o: ScaleBenchOptions, e: Edge): FleetSpec => {
  const group = (type: string, count: number, short: string) => ({
    type,
    count,
    idPattern: `${e.prefix}-${short}-{n:05}`,
    publishIntervalMs: o.intervalMs,
  });
  const half = Math.floor(e.direct / 2);
  // The old all-direct shape: half env sensors, half breakers.
  const mixed = [];
  if (e.direct - half > 0) mixed.push(group('env_sensor', e.direct - half, 'env'));
  if (half > 0) mixed.push(group('smart_breaker', half, 'brk'));
  return {
    name: `scale-${e.prefix}-direct`,
    seed: 1,
    rampUpPerSecond: o.rampPerSecond * o.workersPerBroker,
    site: 'scale-site',
    groups: o.directType === 'mixed' ? mixed : [group(o.directType, e.direct, 'dev')],
  };
};

/** One simulator process with one device: what a simulator process costs before its devices. */
export const baselineSpec = (o: ScaleBenchOptions): FleetSpec => ({
  name: 'scale-baseline',
  seed: 2,
  groups: [{ type: 'env_sensor', count: 1, idPattern: 'base-env-{n:05}', publishIntervalMs: o.intervalMs }],
});
