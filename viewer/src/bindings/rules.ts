/**
 * Binding rules: from a twin's values to how its device looks (colour, blink, visibility, label). Rules
 * apply in order and a later matching rule overrides the effects it sets, like CSS: the defaults per
 * device type come first, then the scene's rules, then the offline rule (grey wins over everything).
 */
import type { TelemetryValue } from '../api/wire.ts';

/** A colour: `#rrggbb`, or a gradient over a numeric field (stops sorted by value, colours in between). */
export type ColorSpec = string | { field: string; stops: [number, string][] };

/** When a rule applies. Every key present must hold. */
export interface Condition {
  field?: string;
  eq?: TelemetryValue;
  ne?: TelemetryValue;
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** The device's liveness (unknown counts as online). */
  online?: boolean;
  /** An event of this type happened within `withinMs` (default 10 000) of now. */
  event?: string;
  withinMs?: number;
}

export interface BindingRule {
  /** Device types the rule is for (all without). */
  type?: string | string[];
  ids?: string[];
  /** `key` or `key:value`. */
  tag?: string;
  when?: Condition;
  color?: ColorSpec;
  /** Blink at 2 Hz. */
  blink?: boolean;
  visible?: boolean;
  /** A template: `{field}` is replaced by the value (numbers to 1 decimal). */
  label?: string;
  /** Text for the legend; rules without one are not listed. */
  legend?: string;
}

/** What a device looks like now. */
export interface Visual {
  color: number;
  blink: boolean;
  visible: boolean;
  label?: string;
  /** The legend text of the rule that set the colour. */
  state?: string;
}

export interface RuleInput {
  id: string;
  type: string;
  tags: Record<string, string>;
  online: boolean | null;
  values: Record<string, TelemetryValue>;
  lastEvent: Record<string, number>;
}

export const NO_DATA_COLOR = 0xadb5bd;

export function parseHex(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) throw new Error(`'${hex}' is not a colour; write it as #rrggbb`);
  return parseInt(m[1], 16);
}

export function toHex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

function mix(a: number, b: number, t: number): number {
  const ch = (c: number, s: number) => (c >> s) & 0xff;
  let out = 0;
  for (const s of [16, 8, 0]) out |= Math.round(ch(a, s) + (ch(b, s) - ch(a, s)) * t) << s;
  return out;
}

/** The colour of a gradient at `value` (clamped to the end stops). */
export function gradientAt(stops: readonly [number, string][], value: number): number {
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) return NO_DATA_COLOR;
  if (value <= first[0]) return parseHex(first[1]);
  if (value >= last[0]) return parseHex(last[1]);
  for (let i = 1; i < stops.length; i++) {
    const lo = stops[i - 1];
    const hi = stops[i];
    if (lo && hi && value <= hi[0])
      return mix(parseHex(lo[1]), parseHex(hi[1]), (value - lo[0]) / (hi[0] - lo[0]));
  }
  return parseHex(last[1]);
}

function typeMatches(rule: BindingRule, type: string): boolean {
  if (rule.type === undefined) return true;
  return Array.isArray(rule.type) ? rule.type.includes(type) : rule.type === type;
}

function tagMatches(tag: string | undefined, tags: Record<string, string>): boolean {
  if (!tag) return true;
  const at = tag.indexOf(':');
  if (at < 0) return Object.hasOwn(tags, tag);
  return tags[tag.slice(0, at)] === tag.slice(at + 1);
}

export function conditionHolds(c: Condition, input: RuleInput, now: number): boolean {
  if (c.online !== undefined && (input.online ?? true) !== c.online) return false;
  if (c.event !== undefined) {
    const at = input.lastEvent[c.event];
    if (at === undefined || now - at > (c.withinMs ?? 10_000) || now < at) return false;
  }
  if (c.field === undefined) return true;
  const v = input.values[c.field];
  if (v === undefined) return false;
  if (c.eq !== undefined && v !== c.eq) return false;
  if (c.ne !== undefined && v === c.ne) return false;
  if (typeof v !== 'number')
    return c.lt === undefined && c.lte === undefined && c.gt === undefined && c.gte === undefined;
  if (c.lt !== undefined && !(v < c.lt)) return false;
  if (c.lte !== undefined && !(v <= c.lte)) return false;
  if (c.gt !== undefined && !(v > c.gt)) return false;
  if (c.gte !== undefined && !(v >= c.gte)) return false;
  return true;
}

export function ruleApplies(rule: BindingRule, input: RuleInput, now: number): boolean {
  if (!typeMatches(rule, input.type)) return false;
  if (rule.ids && !rule.ids.includes(input.id)) return false;
  if (!tagMatches(rule.tag, input.tags)) return false;
  return rule.when === undefined || conditionHolds(rule.when, input, now);
}

export function formatLabel(template: string, values: Record<string, TelemetryValue>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) return '–';
    return typeof v === 'number' ? String(Math.round(v * 10) / 10) : String(v);
  });
}

/** Evaluates the rules for one device; `now` is epoch ms (event conditions look back from it). */
export function evaluate(rules: readonly BindingRule[], input: RuleInput, now: number): Visual {
  const out: Visual = { color: NO_DATA_COLOR, blink: false, visible: true };
  for (const rule of rules) {
    if (!ruleApplies(rule, input, now)) continue;
    if (rule.color !== undefined) {
      if (typeof rule.color === 'string') {
        out.color = parseHex(rule.color);
        if (rule.legend !== undefined) out.state = rule.legend;
      } else {
        const v = input.values[rule.color.field];
        if (typeof v !== 'number') continue; // a gradient without its value says nothing
        out.color = gradientAt(rule.color.stops, v);
        // A legend that names a state ("Closed (load 0 → 110 %)") is the state; one that only names the
        // scale ("Temperature 16 → 30 °C") is not: the device's own value is.
        out.state =
          rule.legend?.includes('(') === true
            ? rule.legend
            : `${rule.color.field.replace(/_/g, ' ')} ${Math.round(v * 10) / 10}`;
      }
    }
    if (rule.blink !== undefined) out.blink = rule.blink;
    if (rule.visible !== undefined) out.visible = rule.visible;
    if (rule.label !== undefined) out.label = formatLabel(rule.label, input.values);
  }
  return out;
}

/** True when a rule depends on the clock (its result can change with no new data). */
export function isTimeDependent(rule: BindingRule): boolean {
  return rule.when?.event !== undefined;
}
