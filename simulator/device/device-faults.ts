/**
 * The network and firmware misbehaviour a device has on at the moment. Allocated only for devices with a
 * fault (most devices never carry one), reset field by field as faults are cleared.
 */
export interface DeviceFaultState {
  /** Fraction of publishes lost. */
  dropRate: number;
  /** Real ms added before every publish. */
  latencyMs: number;
  /** ms added to `ts`/`sent` in payloads. */
  skewMs: number;
  /** Fraction of telemetry payloads broken. */
  malformedRate: number;
  /** Partitioned: writes vanish, reads are ignored, connection attempts fail. */
  partitioned: boolean;
  /** Held offline by a `disconnect` fault until it is cleared. */
  heldDown: boolean;
}

export function newFaultState(): DeviceFaultState {
  return { dropRate: 0, latencyMs: 0, skewMs: 0, malformedRate: 0, partitioned: false, heldDown: false };
}

/** True when nothing is left on (the device can drop its fault state). */
export function isClear(f: DeviceFaultState): boolean {
  return (
    f.dropRate === 0 &&
    f.latencyMs === 0 &&
    f.skewMs === 0 &&
    f.malformedRate === 0 &&
    !f.partitioned &&
    !f.heldDown
  );
}
