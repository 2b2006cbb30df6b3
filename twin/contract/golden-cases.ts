/**
 * Golden messages of the published contract: valid ones, and invalid ones each with the one problem
 * twin's validator must report. The generator checks every case against `validateMessage` and refuses
 * to write a case whose outcome is not the one declared here.
 */
import type { DeviceType } from '../devices/device-type.ts';
import { GATEWAY_CASES } from './golden-gateways.ts';
import { MESSAGE_CASES } from './golden-messages.ts';
import { SHADOW_CASES } from './golden-shadows.ts';
import { TELEMETRY_CASES } from './golden-telemetry.ts';
import type { MessageKind } from './validate-message.ts';

export interface GoldenCaseSpec {
  /** File name under golden/valid/ or golden/invalid/, without extension. */
  name: string;
  kind: MessageKind;
  deviceType?: DeviceType;
  /** The topic the message travels on (twinbench's profile, a built-in profile, or the AWS shadow API). */
  topic?: string;
  valid: boolean;
  /** What the case shows, for people. */
  note: string;
  /** The payload as a JSON value (undefined when `text` is given). */
  payload: unknown;
  /** A payload that is not JSON, sent as it is (written as a .txt file). */
  text?: string;
}

/** Every golden case, in manifest order. */
export const GOLDEN_CASES: readonly GoldenCaseSpec[] = [
  ...TELEMETRY_CASES,
  ...MESSAGE_CASES,
  ...SHADOW_CASES,
  ...GATEWAY_CASES,
];
