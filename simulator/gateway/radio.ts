/**
 * The radio between a child and its gateway (Zigbee, LoRa, BLE): per-child latency, loss, a duty-cycle
 * limit (LoRa's airtime rule: after a transmission of airtime `a` the radio stays silent for
 * `a × (100 / percent − 1)`), and a child that fell off the mesh. Settings come from the fleet spec
 * (`gateways[].radio`); radio faults override them per child while they last.
 */
import Type from 'typebox';
import type { Rng } from '../models/index.ts';

export interface RadioSpec {
  /** Mean one-way latency child → gateway, real ms. Default 0. */
  latencyMs?: number;
  /** Latency spread: each message takes latencyMs ± jitterMs (uniform), real ms. Default 0. */
  jitterMs?: number;
  /** Fraction of child messages lost on the radio (uplink), 0..1. Default 0. */
  loss?: number;
  /** Duty-cycle limit, % of airtime (EU868 LoRa: 1). Default: none. */
  dutyCyclePercent?: number;
  /** Airtime of one child message, ms (LoRa SF7 ~50 ms, SF12 ~1500 ms). Default 50. */
  airtimeMs?: number;
}

export const RadioSpecSchema = Type.Object(
  {
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: 'mean, real ms' })),
    jitterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: 'spread, real ms' })),
    loss: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'fraction of uplink messages lost' }),
    ),
    dutyCyclePercent: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'airtime limit, % (LoRa EU868: 1)' }),
    ),
    airtimeMs: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: 'airtime of one message, ms' }),
    ),
  },
  { additionalProperties: false },
);

/** A group's radio with defaults applied: one object shared by every child of the group. */
export interface Radio {
  latencyMs: number;
  jitterMs: number;
  loss: number;
  /** Silence after each message, virtual ms (0: no duty-cycle limit). */
  offTimeMs: number;
  airtimeMs: number;
  dutyCyclePercent: number;
}

export const DEFAULT_AIRTIME_MS = 50;

export function resolveRadio(spec: RadioSpec = {}): Radio {
  const airtimeMs = spec.airtimeMs ?? DEFAULT_AIRTIME_MS;
  const percent = spec.dutyCyclePercent ?? 100;
  return {
    latencyMs: spec.latencyMs ?? 0,
    jitterMs: spec.jitterMs ?? 0,
    loss: spec.loss ?? 0,
    offTimeMs: percent >= 100 ? 0 : airtimeMs * (100 / percent - 1),
    airtimeMs,
    dutyCyclePercent: percent,
  };
}

/** A child's radio faults now (allocated on the first one). */
export interface RadioFaultState {
  /** Replaces the group's loss while set. */
  loss?: number;
  /** Replaces the group's latency while set, real ms. */
  latencyMs?: number;
  /** Replaces the group's duty cycle while set. */
  radio?: Radio;
}

/** What happens to one uplink message. */
export type RadioVerdict = { sent: false; why: 'loss' | 'duty_cycle' } | { sent: true; delayMs: number };

/**
 * Decides one uplink message of a child at virtual `nowMs`; `state.quietUntil` is the child's
 * duty-cycle silence (virtual ms), updated when the message goes out.
 */
export function transmit(
  radio: Radio,
  fault: RadioFaultState | undefined,
  state: { quietUntil: number },
  nowMs: number,
  rng: () => Rng,
): RadioVerdict {
  const r = fault?.radio ?? radio;
  if (r.offTimeMs > 0) {
    if (nowMs < state.quietUntil) return { sent: false, why: 'duty_cycle' };
    state.quietUntil = nowMs + r.airtimeMs + r.offTimeMs;
  }
  const loss = fault?.loss ?? radio.loss;
  if (loss > 0 && rng().chance(loss)) return { sent: false, why: 'loss' };
  const latency = fault?.latencyMs ?? radio.latencyMs;
  const jitter = radio.jitterMs;
  const delayMs = jitter > 0 ? Math.max(0, latency + rng().uniform(-jitter, jitter)) : latency;
  return { sent: true, delayMs };
}
