import type { FleetSpec } from './spec.ts';

/**
 * The demo: about 50 mixed devices on one site, and a floor of battery sensors behind two gateways, behaving and misbehaving a little on their own, for
 * `twinbench demo` and sales. A breaker group runs near its rating (it trips now and then), a camera
 * group records, one sensor's battery is low, and a scheduled partition and a reconnect storm show the
 * platform noticing.
 */
export const DEMO_FLEET: FleetSpec = {
  name: 'demo',
  seed: 2025,
  site: 'demo-site',
  rampUpPerSecond: 50,
  keepaliveSeconds: 30,
  groups: [
    {
      type: 'smart_breaker',
      name: 'lighting',
      count: 12,
      options: { ratedCurrentA: 16, curve: 'B' },
      tags: { circuit: 'lighting' },
    },
    {
      type: 'smart_breaker',
      name: 'hvac',
      count: 6,
      options: { ratedCurrentA: 32, curve: 'C', profile: 'commercial', baseLoadA: 20 },
      tags: { circuit: 'hvac' },
      commandFailureRate: 0.05,
    },
    {
      type: 'smart_breaker',
      name: 'pv',
      count: 2,
      options: { ratedCurrentA: 25, pvPeakW: 9000 },
      tags: { circuit: 'pv' },
    },
    { type: 'env_sensor', name: 'offices', count: 16, publishIntervalMs: 30_000 },
    {
      type: 'env_sensor',
      name: 'storage',
      count: 4,
      options: { initialBatteryPercent: 18, meanRssiDbm: -88 },
    },
    { type: 'camera', name: 'entrances', count: 6, options: { recording: true, motionEventsPerHour: 20 } },
    { type: 'camera', name: 'parking', count: 4, options: { resolution: '2560x1440', outagesPerDay: 2 } },
  ],
  // A floor of battery sensors (Zigbee) behind two gateways: 20 children, no socket of their own.
  gateways: [
    {
      count: 2,
      name: 'floor-gateways',
      floor: 'L1',
      publishIntervalMs: 60_000,
      options: { radio: 'zigbee', channel: '15' },
      radio: { latencyMs: 30, jitterMs: 20, loss: 0.01 },
      children: {
        type: 'env_sensor',
        name: 'battery-floor',
        count: 10,
        idPattern: 'bat-{n:03}',
        publishIntervalMs: 30_000,
        tags: { power: 'battery' },
      },
    },
  ],
  faults: [
    {
      atMs: 120_000,
      durationMs: 60_000,
      select: { tag: 'group:parking', count: 1 },
      fault: { kind: 'partition' },
    },
    { atMs: 300_000, select: { type: 'camera', count: 2 }, fault: { kind: 'motion' } },
    { atMs: 420_000, select: { tag: 'group:offices', fraction: 0.25 }, fault: { kind: 'reconnect_storm' } },
    // A battery sensor falls off the mesh for two minutes: its gateway reports it lost, then back.
    {
      atMs: 480_000,
      durationMs: 120_000,
      select: { tag: 'group:battery-floor', count: 1 },
      fault: { kind: 'mesh_drop' },
    },
    {
      atMs: 600_000,
      durationMs: 120_000,
      select: { tag: 'group:hvac', count: 1 },
      fault: { kind: 'overload', amps: 60 },
    },
  ],
};
