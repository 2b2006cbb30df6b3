/**
 * The metrics the engine reports, through artillery's own events (`counter`, `histogram`, `rate`,
 * `error`), so `ensure`, the console report and publish-metrics plugins see them like any engine's.
 * Histograms are milliseconds. Counters that `ensure` conditions check are emitted as 0 when a device
 * connects, so a condition on them never meets an unknown name.
 */
export const METRICS = {
  /** Devices whose connection came up (histogram `connect_time`: TCP connect → SUBACK). */
  connected: 'twinbench.devices.connected',
  connectTime: 'twinbench.connect_time',
  /** Every PUBLISH a device handed to its connection (telemetry, status, shadow, command responses). */
  sent: 'twinbench.messages.sent',
  /** Telemetry messages (each with its per-device `seq`). */
  telemetrySent: 'twinbench.telemetry.sent',
  /** QoS 1 messages the broker acknowledged (PUBACK). */
  acknowledged: 'twinbench.messages.acknowledged',
  /** Rejection notices from the platform, in all and by reason (`…rejected.invalid_payload`). */
  rejected: 'twinbench.messages.rejected',
  /** Telemetry the platform applied to a twin, as seen on its stream (histogram `publish_to_twin`). */
  twinUpdates: 'twinbench.twin.updates',
  publishToTwin: 'twinbench.publish_to_twin',
  publishRate: 'twinbench.publish_rate',
  /** Disconnects asked for by the flow (`clean`, `unclean`) and connections that dropped on their own. */
  disconnectsClean: 'twinbench.disconnects.clean',
  disconnectsUnclean: 'twinbench.disconnects.unclean',
  disconnectsDropped: 'twinbench.disconnects.dropped',
  /** `command` steps: final status by kind (`…commands.succeeded`) and POST → final status. */
  commands: 'twinbench.commands',
  commandRoundTrip: 'twinbench.command_round_trip',
  /** `setDesired` steps: PATCH → the delta at the device; `…desired.timed_out` when it never came. */
  desiredToDevice: 'twinbench.desired_to_device',
  desiredTimedOut: 'twinbench.desired.timed_out',
  /** `expectTwin` steps: how long until the twin showed the value, and how many never did. */
  expectTwinWait: 'twinbench.expect_twin_wait',
  expectTwinFailed: 'twinbench.expect_twin.failed',
} as const;

/** Counters emitted as 0 on every connect (what `ensure` conditions usually check). */
export const ZEROED_COUNTERS = [
  METRICS.rejected,
  METRICS.disconnectsDropped,
  `${METRICS.commands}.failed`,
  `${METRICS.commands}.timed_out`,
  METRICS.desiredTimedOut,
  METRICS.expectTwinFailed,
] as const;

/** artillery's event emitter as engines get it. */
export interface MetricEvents {
  emit(event: 'counter', name: string, value: number): unknown;
  emit(event: 'histogram', name: string, value: number): unknown;
  emit(event: 'rate', name: string): unknown;
  emit(event: 'error', code: string): unknown;
  emit(event: 'started'): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}
