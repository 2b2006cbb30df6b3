/** The bindings every scene starts with, per device type, and the offline rule that closes the list. */
import type { BindingRule } from './rules.ts';

export const COLORS = {
  tripped: '#e03131',
  open: '#4c6ef5',
  offline: '#5c5f66',
  recording: '#d6336c',
  idle: '#74c0fc',
  generic: '#adb5bd',
  gateway: '#7048e8',
} as const;

export const DEFAULT_RULES: readonly BindingRule[] = [
  // smart breaker: a load gradient while closed, blue when open, red and blinking when tripped
  {
    type: 'smart_breaker',
    color: {
      field: 'load_percent',
      stops: [
        [0, '#2f9e44'],
        [80, '#f2b705'],
        [110, '#e8590c'],
      ],
    },
    legend: 'Closed (load 0 → 110 %)',
  },
  {
    type: 'smart_breaker',
    when: { field: 'breaker_state', eq: 'open' },
    color: COLORS.open,
    legend: 'Open',
  },
  {
    type: 'smart_breaker',
    when: { field: 'breaker_state', eq: 'tripped' },
    color: COLORS.tripped,
    blink: true,
    label: 'tripped ({last_trip_cause})',
    legend: 'Tripped (blinks)',
  },
  // environmental sensor: a heat scale on temperature; low battery blinks
  {
    type: 'env_sensor',
    color: {
      field: 'temperature',
      stops: [
        [16, '#1c7ed6'],
        [21, '#37b24d'],
        [26, '#f59f00'],
        [30, '#e03131'],
      ],
    },
    legend: 'Temperature 16 → 30 °C',
  },
  {
    type: 'env_sensor',
    when: { field: 'battery', lt: 20 },
    blink: true,
    label: 'battery {battery} %',
    legend: 'Low battery (blinks)',
  },
  // camera: recording or not; motion pulses for 10 s
  { type: 'camera', when: { field: 'recording', eq: true }, color: COLORS.recording, legend: 'Recording' },
  { type: 'camera', when: { field: 'recording', eq: false }, color: COLORS.idle, legend: 'Not recording' },
  {
    type: 'camera',
    when: { event: 'motion', withinMs: 10_000 },
    blink: true,
    label: 'motion',
    legend: 'Motion (pulses)',
  },
  // gateway: violet, labelled with the children it carries
  {
    type: 'gateway',
    color: COLORS.gateway,
    label: '{children_connected} children',
    legend: 'Gateway (children linked by lines)',
  },
  { type: 'generic', color: COLORS.generic, legend: 'Generic thing' },
];

/** Appended after the scene's own rules: an offline device is grey and still, whatever else holds. */
export const OFFLINE_RULE: BindingRule = {
  when: { online: false },
  color: COLORS.offline,
  blink: false,
  label: 'offline',
  legend: 'Offline',
};

/** The rule list a scene runs: defaults (unless the scene turns them off), its rules, offline last. */
export function composeRules(sceneRules: readonly BindingRule[], useDefaults = true): BindingRule[] {
  return [...(useDefaults ? DEFAULT_RULES : []), ...sceneRules, OFFLINE_RULE];
}
