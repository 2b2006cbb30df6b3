/**
 * Topic profiles: a foreign topic convention (`iot/node/{id}/telemetry`, `devices/{mac}/data`, …)
 * mapped onto twinbench's message kinds. A compiled profile matches incoming topics with plain
 * string prefix/suffix checks (no regex, no split) since the platform calls it for every message.
 */
import { isKnownDeviceType, knownDeviceTypes } from '../devices/type-registry.ts';
import { TWIN_ERROR_CODES as E, TwinError } from '../errors.ts';
import { formatMac, isMac, isValidDeviceId, normalizeMac, type MacFormat } from './device-id.ts';
import {
  compileLiveness,
  compileMapping,
  type CompiledMapping,
  type ProfileLiveness,
} from './mapping/compile-mapping.ts';
import type { LivenessSpec, PayloadMappingSpec } from './mapping/mapping-schema.ts';

/** Kinds a device publishes (the platform subscribes to them). */
export type InboundKind = 'telemetry' | 'events' | 'status' | 'commandResponse' | 'heartbeat';
/** Every kind, `command` being the one the platform publishes to a device. */
export type TopicKind = InboundKind | 'command';

/** Patterns hold one placeholder, `{id}` or `{mac}`, filling a whole topic level. */
export interface TopicProfileSpec {
  name: string;
  telemetry: string;
  command: string;
  events?: string;
  status?: string;
  commandResponse?: string;
  /** Heartbeats: a sign of life only (any payload; health keys may be kept as metadata). */
  heartbeat?: string;
  /**
   * Type of every device on this profile, when its topics and messages do not announce it: a built-in
   * type or one registered from a device-type file before the profile is compiled.
   */
  deviceType?: string;
  /** How `{mac}` is written in topics built by `topicFor`. Default `{ separator: ':', case: 'lower' }`. */
  macFormat?: MacFormat;
  /** How the device's own JSON maps onto twinbench's messages (docs/byo-firmware.md). */
  mapping?: PayloadMappingSpec;
  /** Offline after this much silence, for devices of this profile (else the platform's heartbeat timeout). */
  liveness?: LivenessSpec;
}

export interface TopicMatch {
  kind: InboundKind;
  /** The device id; with `{mac}`, the MAC normalised to `aa:bb:cc:dd:ee:ff`. */
  deviceId: string;
}

export interface TopicProfile {
  readonly name: string;
  readonly spec: Readonly<TopicProfileSpec>;
  /** MQTT filters (with `+`) for every inbound kind the profile defines. */
  subscriptions(): string[];
  /** The kind and device of an inbound topic, or `undefined` when the topic is not one of this profile's. */
  match(topic: string): TopicMatch | undefined;
  /** The topic of `kind` for `deviceId`; throws `TwinError` for a kind the profile lacks or a bad id. */
  topicFor(kind: TopicKind, deviceId: string): string;
  /** The compiled payload mapping, when the spec has one. */
  readonly mapping: CompiledMapping | undefined;
  /** The profile's own offline timeout, when the spec has one. */
  readonly liveness: ProfileLiveness | undefined;
  /** True when `{mac}` is the device level. */
  readonly usesMac: boolean;
}

interface CompiledPattern {
  kind: TopicKind;
  pattern: string;
  levels: string[];
  prefix: string;
  suffix: string;
}

const INBOUND_KINDS: readonly InboundKind[] = [
  'telemetry',
  'events',
  'status',
  'commandResponse',
  'heartbeat',
];
const ALL_KINDS: readonly TopicKind[] = [...INBOUND_KINDS, 'command'];
const DEFAULT_MAC_FORMAT: MacFormat = { separator: ':', case: 'lower' };

/** Checks a profile spec and compiles it; throws `TwinError` saying which pattern is wrong and why. */
export function compileProfile(spec: TopicProfileSpec): TopicProfile {
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw badProfile(String(spec.name), 'name must be a non-empty string');
  }
  let placeholder: '{id}' | '{mac}' | undefined;
  const compiled = new Map<TopicKind, CompiledPattern>();
  for (const kind of ALL_KINDS) {
    const pattern = spec[kind];
    if (pattern === undefined) {
      if (kind === 'telemetry' || kind === 'command')
        throw badProfile(spec.name, `${kind} pattern is required`);
      continue;
    }
    const parsed = parsePattern(spec.name, kind, pattern);
    if (placeholder !== undefined && parsed.placeholder !== placeholder) {
      throw badProfile(
        spec.name,
        `${kind} uses ${parsed.placeholder} but other patterns use ${placeholder}; use one placeholder kind per profile`,
      );
    }
    placeholder = parsed.placeholder;
    compiled.set(kind, parsed.compiled);
  }
  const usesMac = placeholder === '{mac}';
  checkOverlaps(spec.name, [...compiled.values()], usesMac);
  if (spec.deviceType !== undefined && !isKnownDeviceType(spec.deviceType)) {
    throw badProfile(
      spec.name,
      `deviceType '${spec.deviceType}' is not a known device type (${knownDeviceTypes().join(', ')}); load its device-type file first (--device-types, config deviceTypes)`,
    );
  }

  const inbound = INBOUND_KINDS.flatMap((kind) => compiled.get(kind) ?? []);
  const macFormat = spec.macFormat ?? DEFAULT_MAC_FORMAT;
  const frozen = Object.freeze({ ...spec });
  const mapping = spec.mapping === undefined ? undefined : compileMapping(spec.mapping, spec.name);
  const liveness = spec.liveness === undefined ? undefined : compileLiveness(spec.liveness, spec.name);

  return {
    name: spec.name,
    spec: frozen,
    mapping,
    liveness,
    usesMac,
    subscriptions: () => [
      ...new Set(inbound.map((p) => p.levels.map((l) => (isPlaceholder(l) ? '+' : l)).join('/'))),
    ],
    match(topic: string): TopicMatch | undefined {
      for (const p of inbound) {
        if (topic.length <= p.prefix.length + p.suffix.length) continue;
        if (!topic.startsWith(p.prefix) || !topic.endsWith(p.suffix)) continue;
        const raw = topic.slice(p.prefix.length, topic.length - p.suffix.length);
        if (raw.includes('/')) continue;
        const deviceId = usesMac ? normalizeMac(raw) : isValidDeviceId(raw) ? raw : undefined;
        if (deviceId !== undefined) return { kind: p.kind as InboundKind, deviceId };
      }
      return undefined;
    },
    topicFor(kind: TopicKind, deviceId: string): string {
      const p = compiled.get(kind);
      if (p === undefined) {
        throw new TwinError(
          E.TOPIC_NO_PATTERN,
          `Topic profile '${spec.name}' has no ${kind} pattern; add "${kind}" to the profile spec`,
        );
      }
      const level = usesMac
        ? formatMac(deviceId, macFormat)
        : isValidDeviceId(deviceId)
          ? deviceId
          : undefined;
      if (level === undefined) {
        const allowed = usesMac
          ? 'a MAC address such as aa:bb:cc:dd:ee:ff'
          : 'a device id matching [A-Za-z0-9_.:-]{1,128}';
        throw new TwinError(
          E.TOPIC_BAD_DEVICE_ID,
          `Cannot build the ${kind} topic of profile '${spec.name}' for device ${JSON.stringify(deviceId)}: expected ${allowed}`,
        );
      }
      return p.prefix + level + p.suffix;
    },
  };
}

function parsePattern(
  profile: string,
  kind: TopicKind,
  pattern: string,
): { placeholder: '{id}' | '{mac}'; compiled: CompiledPattern } {
  const bad = (why: string) => badProfile(profile, `${kind} pattern ${JSON.stringify(pattern)} ${why}`);
  if (typeof pattern !== 'string' || pattern === '') throw bad('must be a non-empty string');
  const levels = pattern.split('/');
  for (const level of levels) {
    if (level === '') throw bad('has an empty level (leading, trailing or double "/")');
    if (isPlaceholder(level)) continue;
    if (/[+#{}]/.test(level) || level.includes('\0')) {
      throw bad(
        `has level ${JSON.stringify(level)}; levels may not contain + # { } (placeholders must fill a whole level)`,
      );
    }
  }
  const at = levels.findIndex(isPlaceholder);
  if (at < 0)
    throw bad('needs one placeholder, {id} or {mac}, filling a whole level (e.g. "site/{id}/telemetry")');
  if (levels.findIndex((l, i) => i > at && isPlaceholder(l)) >= 0) throw bad('has more than one placeholder');
  const before = levels.slice(0, at).join('/');
  const after = levels.slice(at + 1).join('/');
  return {
    placeholder: levels[at] as '{id}' | '{mac}',
    compiled: {
      kind,
      pattern,
      levels,
      prefix: before === '' ? '' : `${before}/`,
      suffix: after === '' ? '' : `/${after}`,
    },
  };
}

/** Two patterns overlap when one concrete topic could match both; then `match` would be ambiguous. */
function checkOverlaps(profile: string, patterns: CompiledPattern[], usesMac: boolean): void {
  const fitsPlaceholder = (literal: string) => (usesMac ? isMac(literal) : isValidDeviceId(literal));
  for (let i = 0; i < patterns.length; i++) {
    for (let j = i + 1; j < patterns.length; j++) {
      const a = patterns[i]!;
      const b = patterns[j]!;
      if (a.levels.length !== b.levels.length) continue;
      const overlap = a.levels.every((la, k) => {
        const lb = b.levels[k]!;
        if (la === lb) return true;
        if (isPlaceholder(la)) return isPlaceholder(lb) || fitsPlaceholder(lb);
        return isPlaceholder(lb) && fitsPlaceholder(la);
      });
      if (overlap) {
        throw badProfile(
          profile,
          `${a.kind} pattern "${a.pattern}" and ${b.kind} pattern "${b.pattern}" can match the same topic; make them differ in a fixed level`,
        );
      }
    }
  }
}

function isPlaceholder(level: string): boolean {
  return level === '{id}' || level === '{mac}';
}

function badProfile(name: string, why: string): TwinError {
  return new TwinError(E.TOPIC_BAD_PROFILE, `Invalid topic profile '${name}': ${why}`);
}
