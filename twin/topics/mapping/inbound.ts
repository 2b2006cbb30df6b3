/**
 * The inbound half of a payload mapping, compiled once per profile into plain closures: a device's
 * own JSON becomes twinbench's telemetry envelope `{ts?, seq?, sent?, fields}`, which the device type's
 * checks then validate as usual. No schema is compiled per message; per device type, only unit
 * conversions are looked up (and cached).
 */
import type { FieldSpec, FieldValue } from '../../devices/fields.ts';
import { fail, ok, type Result } from '../../result.ts';
import { isMac, normalizeMac } from '../device-id.ts';
import type { KeyRule, PayloadMappingSpec } from './mapping-schema.ts';
import { readTimestamp, type TimestampFormat } from './timestamp.ts';
import { canonicalUnit, unitConversion, type UnitConversion } from './units.ts';

/** What a telemetry message becomes. */
export interface MappedTelemetry {
  /** What the device type's checks get: twinbench's envelope, or the message itself when it was one. */
  message: { ts?: number; seq?: number; sent?: number; fields: Record<string, FieldValue> } | unknown;
  /** Values kept as device metadata (status strings, free heap …). */
  metadata?: Record<string, FieldValue>;
  /** Keys dropped by rule (and null values). */
  ignored?: string[];
  /** Keys no rule or field knows (dropped; a strict profile rejects instead). */
  unknown?: string[];
}

/** What the mapping needs to know of the device a message is from. */
export interface MapContext {
  /** The device id from the topic (a MAC normalised to aa:bb:cc:dd:ee:ff on {mac} profiles). */
  deviceId: string;
  /** The telemetry fields of the device's type (undefined: every field is unknown). */
  fields: Readonly<Record<string, FieldSpec>> | undefined;
}

export interface InboundMapping {
  readonly strict: boolean;
  telemetry(body: unknown, ctx: MapContext): Result<MappedTelemetry>;
  /**
   * A status body in twinbench's form (`{online, type?}`) when the device says it with a status word
   * (`{"status":"online"}`); undefined when the body needs no mapping or the profile maps no statuses.
   */
  statusOf(body: unknown): { online: boolean; type?: string } | undefined;
  /** The device type a message names under a `deviceType` key rule (top level), if any. */
  typeOf(body: unknown): string | undefined;
  /** Metadata kept from a key-rule pass over any message (heartbeats, status bodies). */
  metadataOf(body: unknown, ctx: MapContext): Result<Record<string, FieldValue> | undefined>;
}

type Rule =
  | { kind: 'metadata' }
  | { kind: 'ignore' }
  | { kind: 'deviceId' }
  | { kind: 'deviceType' }
  | { kind: 'field'; field: string; unit?: string; otherwise: 'metadata' | 'ignore' | 'unknown' };

const TOP = '.';

function compileRule(rule: KeyRule): Rule {
  if (typeof rule === 'string') return { kind: rule } as Rule;
  return {
    kind: 'field',
    field: rule.field,
    ...(rule.unit !== undefined ? { unit: rule.unit } : {}),
    otherwise: (rule.otherwise ?? 'metadata') as 'metadata' | 'ignore' | 'unknown',
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

/** One message being mapped: collects fields, metadata and problems. */
interface Work {
  ctx: MapContext;
  fields: Record<string, FieldValue>;
  ts: number | undefined;
  metadata: Record<string, FieldValue> | undefined;
  ignored: string[] | undefined;
  unknown: string[] | undefined;
  errors: string[] | undefined;
}

export function compileInbound(spec: PayloadMappingSpec): InboundMapping {
  const strict = spec.strict === true;
  const acceptEnvelope = spec.envelope !== false;
  const locations = spec.fields?.in ?? [TOP];
  const topFields = locations.includes(TOP);
  const named = new Set(locations.filter((l) => l !== TOP));
  const flatten = (spec.fields?.nested ?? 'flatten') === 'flatten';
  const sep = spec.fields?.separator ?? '_';
  const convert = (spec.fields?.units ?? 'convert') === 'convert';
  const aliases = new Map(Object.entries(spec.aliases ?? {}));
  const valueMaps = new Map(
    Object.entries(spec.values ?? {}).map(([field, map]) => [field, new Map(Object.entries(map))]),
  );
  const rules = new Map(Object.entries(spec.keys ?? {}).map(([k, r]) => [k, compileRule(r)]));
  const typeKeys = [...rules].flatMap(([k, r]) => (r.kind === 'deviceType' ? [k] : []));
  const statusKey = spec.status?.key ?? 'status';
  const statusWords = new Map<string, boolean>();
  if (spec.status !== undefined) {
    for (const w of spec.status.online ?? ['online', 'connected', 'up', 'alive'])
      statusWords.set(w.toLowerCase(), true);
    for (const w of spec.status.offline ?? ['offline', 'disconnected', 'down', 'lost', 'dead'])
      statusWords.set(w.toLowerCase(), false);
  }
  const tsKeys = new Set(spec.timestamp?.keys ?? ['ts']);
  const tsFormat = (spec.timestamp?.format ?? 'auto') as TimestampFormat;
  const conversions = new Map<string, UnitConversion | null>();

  const problem = (w: Work, message: string) => (w.errors ??= []).push(message);
  const unknownKey = (w: Work, path: string) => {
    if (strict)
      problem(
        w,
        `${path}: unknown key; this profile is strict: map it (aliases, keys) or set "strict: false" to drop unknown keys`,
      );
    else (w.unknown ??= []).push(path);
  };
  const keep = (w: Work, key: string, value: unknown) => {
    (w.metadata ??= {})[key] =
      typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string'
        ? value
        : JSON.stringify(value).slice(0, 200);
  };

  const conversion = (from: string, to: string): UnitConversion | null => {
    const key = `${from}\u0000${to}`;
    let c = conversions.get(key);
    if (c === undefined) {
      c = unitConversion(from, to) ?? null;
      conversions.set(key, c);
    }
    return c;
  };

  /** Puts one value into field `target`, after value maps and units. */
  const setField = (w: Work, path: string, target: string, raw: unknown, unit: unknown) => {
    const spec = w.ctx.fields?.[target];
    if (spec === undefined) return false;
    let value = raw;
    const map = valueMaps.size === 0 ? undefined : valueMaps.get(target);
    if (map !== undefined) {
      const mapped = map.get(String(value));
      if (mapped !== undefined) value = mapped;
    }
    if (unit !== undefined && unit !== null && unit !== '' && spec.unit !== undefined && unit !== spec.unit) {
      if (typeof unit !== 'string')
        return (problem(w, `${path}.unit: ${show(unit)} is not a unit name`), true);
      if (typeof value !== 'number')
        return (problem(w, `${path}: ${show(value)} has a unit but is not a number`), true);
      if (canonicalUnit(unit) !== canonicalUnit(spec.unit)) {
        const c = convert ? conversion(unit, spec.unit) : null;
        if (c === null) {
          problem(
            w,
            `${path}: unit "${unit}" cannot be ${convert ? 'converted' : 'accepted'} for ${target}, which is in ${spec.unit}; send ${spec.unit}${convert ? ' or a unit of the same quantity' : ''}`,
          );
          return true;
        }
        value = c(value);
        // An integer field gets a whole number: a converted value has decimals by nature (3 600 123 ms is 3 600 s).
        if (spec.kind === 'integer') value = Math.round(value as number);
      }
    }
    w.fields[target] = value as FieldValue;
    return true;
  };

  const applyRule = (w: Work, path: string, key: string, rule: Rule, value: unknown) => {
    if (rule.kind === 'ignore' || rule.kind === 'deviceType') return void (w.ignored ??= []).push(path);
    if (rule.kind === 'metadata') return keep(w, key, value);
    if (rule.kind === 'deviceId') {
      const id = w.ctx.deviceId;
      const same =
        typeof value === 'string' &&
        (value === id || (isMac(id) && isMac(value) && normalizeMac(value) === id));
      if (!same) problem(w, `${path}: ${show(value)} does not match the device in the topic (${id})`);
      return;
    }
    let raw = value;
    let unit: unknown = rule.unit;
    if (isObject(value) && Object.hasOwn(value, 'value')) {
      raw = value.value;
      unit = value.unit ?? unit;
    }
    if (setField(w, path, rule.field, raw, unit)) return;
    if (rule.otherwise === 'metadata') keep(w, key, raw);
    else if (rule.otherwise === 'ignore') (w.ignored ??= []).push(path);
    else unknownKey(w, path);
  };

  const takeTimestamp = (w: Work, path: string, value: unknown) => {
    const t = readTimestamp(value, tsFormat);
    if (t.error !== undefined) problem(w, `${path}: ${t.error}`);
    else w.ts = t.ms;
  };

  /**
   * A key inside the fields: a value, a {value, unit} object or a group to flatten. `path` is where it
   * is in the message (for reports), `rel` the dotted path inside its fields object and `flat` the
   * flattened name (both for aliases and rules).
   */
  const field = (w: Work, path: string, rel: string, flat: string, value: unknown, depth: number): void => {
    const rule = rel === flat ? rules.get(rel) : (rules.get(rel) ?? rules.get(flat));
    if (rule !== undefined) return applyRule(w, path, flat, rule, value);
    if (depth === 0 && w.ts === undefined && tsKeys.has(flat)) return takeTimestamp(w, path, value);
    fieldValue(w, path, rel, flat, value, depth);
  };

  /** `field` after its rule and timestamp checks (a top-level key has had them already). */
  const fieldValue = (
    w: Work,
    path: string,
    rel: string,
    flat: string,
    value: unknown,
    depth: number,
  ): void => {
    if (value === null) return void (w.ignored ??= []).push(path);
    let raw: unknown = value;
    let unit: unknown;
    if (isObject(value)) {
      if (!Object.hasOwn(value, 'value')) {
        if (!flatten) {
          problem(w, `${path}: is a group of values; this profile does not flatten groups (fields.nested)`);
          return;
        }
        for (const k in value)
          field(w, `${path}.${k}`, `${rel}.${k}`, `${flat}${sep}${k}`, value[k], depth + 1);
        return;
      }
      raw = value.value;
      unit = value.unit;
    }
    const target = (rel === flat ? aliases.get(rel) : (aliases.get(rel) ?? aliases.get(flat))) ?? flat;
    if (Array.isArray(raw) || isObject(raw) || !setField(w, path, target, raw, unit)) unknownKey(w, path);
  };

  const top = (w: Work, body: Record<string, unknown>) => {
    for (const key in body) {
      const value = body[key];
      const rule = rules.get(key);
      if (rule !== undefined) applyRule(w, key, key, rule, value);
      else if (named.has(key) && isObject(value)) {
        for (const k in value) field(w, `${key}.${k}`, k, k, value[k], 0);
      } else if (w.ts === undefined && tsKeys.has(key)) takeTimestamp(w, key, value);
      else if ((key === 'seq' || key === 'sent') && typeof value === 'number') continue;
      else if (topFields) fieldValue(w, key, key, key, value, 0);
      else unknownKey(w, key);
    }
  };

  const typeOf = (body: unknown): string | undefined => {
    if (typeKeys.length === 0 || !isObject(body)) return undefined;
    for (const key of typeKeys) {
      const v = body[key];
      if (typeof v === 'string' && v !== '') return v;
    }
    return undefined;
  };

  const newWork = (ctx: MapContext): Work => ({
    ctx,
    fields: {},
    ts: undefined,
    metadata: undefined,
    ignored: undefined,
    unknown: undefined,
    errors: undefined,
  });

  return {
    strict,
    telemetry(body, ctx) {
      if (!isObject(body)) return fail([`telemetry is ${show(body)}; send a JSON object`]);
      if (acceptEnvelope && isObject(body.fields)) return ok({ message: body });
      const w = newWork(ctx);
      const seq = body.seq;
      const sent = body.sent;
      top(w, body);
      if (w.errors !== undefined) return fail(w.errors);
      const message: { ts?: number; seq?: number; sent?: number; fields: Record<string, FieldValue> } = {
        fields: w.fields,
      };
      if (w.ts !== undefined) message.ts = w.ts;
      // twinbench's own counters pass through when the device sends them and no rule claims them.
      if (typeof seq === 'number' && !rules.has('seq')) message.seq = seq;
      if (typeof sent === 'number' && !rules.has('sent')) message.sent = sent;
      const out: MappedTelemetry = { message };
      if (w.metadata) out.metadata = w.metadata;
      if (w.ignored) out.ignored = w.ignored;
      if (w.unknown) out.unknown = w.unknown;
      return ok(out);
    },
    statusOf(body) {
      if (statusWords.size === 0 || !isObject(body) || typeof body.online === 'boolean') return undefined;
      const word = body[statusKey];
      const online = typeof word === 'string' ? statusWords.get(word.toLowerCase()) : undefined;
      if (online === undefined) return undefined;
      const type = typeof body.type === 'string' ? body.type : typeOf(body);
      return type === undefined ? { online } : { online, type };
    },
    typeOf,
    metadataOf(body, ctx) {
      if (!isObject(body)) return ok(undefined);
      const w = newWork(ctx);
      for (const key in body) {
        const rule = rules.get(key);
        if (rule?.kind === 'metadata' || rule?.kind === 'deviceId') applyRule(w, key, key, rule, body[key]);
      }
      return w.errors ? fail(w.errors) : ok(w.metadata);
    },
  };
}
