/** What the platform keeps in InfluxDB: one measurement per kind of record. Field types never change. */
export const MEASUREMENTS = {
  /** tags device_id, type; numeric fields as floats, booleans, strings; `seq` when the device sends one. */
  telemetry: 'telemetry',
  /** tags device_id, shadow ('' = classic); fields doc (JSON of state+metadata+version), version, deleted. */
  shadow: 'shadow',
  /** tags device_id; fields online, reason. */
  liveness: 'liveness',
  /** tags device_id, type; field data (JSON). */
  events: 'events',
  /** tags device_id, name; fields id, status, latency_ms, error. */
  commands: 'commands',
  /** tags device_id; field doc (JSON of the registration). */
  devices: 'devices',
} as const;

/** The classic (unnamed) shadow's tag value. */
export const CLASSIC_SHADOW_TAG = '-';
