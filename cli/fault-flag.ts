import type { ScheduledFault } from '../simulator/index.ts';
import { parseDuration } from '../twin/index.ts';

const SELECTOR_KEYS = new Set(['type', 'ids', 'tag', 'fraction', 'count']);

/**
 * `--fault KIND[,key=value…][@AT][+DURATION]`, e.g. `disconnect,clean=false,type=env_sensor,count=2@30s`
 * or `partition,fraction=0.2@1m+20s`. Selector keys (type, ids, tag, fraction, count) choose the devices;
 * the other keys are the fault's own. A JSON ScheduledFault is accepted as well.
 */
export function parseFaultFlag(text: string): ScheduledFault {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t) as ScheduledFault;
  const m = /^([^@+]+)(?:@([^+]+))?(?:\+(.+))?$/.exec(t);
  if (!m) throw new Error(`--fault '${text}' is not KIND[,key=value…][@AT][+DURATION]`);
  const [kind, ...pairs] = (m[1] as string).split(',');
  const fault: Record<string, unknown> = { kind: kind?.trim() };
  const select: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [key, raw] = pair.split('=', 2);
    if (!key || raw === undefined) throw new Error(`--fault '${text}': '${pair}' is not key=value`);
    const value =
      raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (SELECTOR_KEYS.has(key)) select[key] = key === 'ids' ? String(raw).split('|') : value;
    else fault[key] = value;
  }
  const out: ScheduledFault = { fault: fault as unknown as ScheduledFault['fault'] };
  if (m[2]) out.atMs = parseDuration(m[2], '--fault time');
  if (m[3]) out.durationMs = parseDuration(m[3], '--fault duration');
  if (Object.keys(select).length > 0) out.select = select as ScheduledFault['select'];
  return out;
}
