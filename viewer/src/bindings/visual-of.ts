/** A twin (live or replayed) → the rule input → how the device looks. */
import type { DeviceRecord, TelemetryValue } from '../api/wire.ts';
import type { DeviceTwin } from '../state/device-twin.ts';
import { valuesOf } from '../state/device-twin.ts';
import { evaluate, type BindingRule, type Visual } from './rules.ts';

export function visualOf(rules: readonly BindingRule[], twin: DeviceTwin, now: number): Visual {
  return evaluate(
    rules,
    {
      id: twin.device.id,
      type: twin.device.type,
      tags: twin.device.tags,
      online: twin.online,
      values: valuesOf(twin),
      lastEvent: twin.lastEvent,
    },
    now,
  );
}

export function visualOfState(
  rules: readonly BindingRule[],
  device: DeviceRecord,
  state: {
    fields: Record<string, TelemetryValue>;
    online: boolean | null;
    lastEvent: Record<string, number>;
  },
  now: number,
): Visual {
  return evaluate(
    rules,
    {
      id: device.id,
      type: device.type,
      tags: device.tags,
      online: state.online,
      values: state.fields,
      lastEvent: state.lastEvent,
    },
    now,
  );
}

/** Every field the rules read (what replay asks history for). */
export function fieldsOf(rules: readonly BindingRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.when?.field) out.add(r.when.field);
    if (r.color && typeof r.color !== 'string') out.add(r.color.field);
    for (const m of r.label?.matchAll(/\{([A-Za-z0-9_]+)\}/g) ?? []) if (m[1]) out.add(m[1]);
  }
  return [...out].sort();
}
