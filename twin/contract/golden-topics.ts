/**
 * Golden topics: what each built-in topic profile (and the golden custom one) builds with `topicFor`
 * and what `match` makes of a topic, so code that is not TypeScript can build and read topics the
 * way twin does. Written to twin/json/golden/topics.json.
 */
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILES } from '../topics/builtin-profiles.ts';
import { GOLDEN_CASES } from './golden-cases.ts';
import {
  compileProfile,
  type TopicKind,
  type TopicMatch,
  type TopicProfileSpec,
} from '../topics/profiles.ts';

export interface GoldenTopics {
  version: number;
  /** The profiles, by name (the built-in ones and the golden custom ones). */
  profiles: Record<string, TopicProfileSpec>;
  /** `topicFor(kind, deviceId)` of each profile. */
  build: { profile: string; kind: TopicKind; deviceId: string; topic: string }[];
  /** `match(topic)`: the kind and the (normalised) device id, or null when the topic is not the profile's. */
  match: { profile: string; topic: string; match: TopicMatch | null }[];
  /** `subscriptions()`: the MQTT filters the platform subscribes to for each profile. */
  subscriptions: Record<string, string[]>;
}

const KINDS: readonly TopicKind[] = ['telemetry', 'events', 'status', 'command', 'commandResponse'];

/** The custom profile of the valid golden topic-profile cases (one keyed by MAC, upper case, no separator). */
const CUSTOM: TopicProfileSpec[] = GOLDEN_CASES.filter((c) => c.kind === 'topicProfile' && c.valid).map(
  (c) => c.payload as TopicProfileSpec,
);

export function goldenTopics(): GoldenTopics {
  const specs: TopicProfileSpec[] = [...BUILTIN_PROFILE_NAMES.map((n) => BUILTIN_PROFILES[n]), ...CUSTOM];
  const out: GoldenTopics = { version: 1, profiles: {}, build: [], match: [], subscriptions: {} };
  for (const spec of specs) {
    const profile = compileProfile(spec);
    out.profiles[spec.name] = { ...spec };
    out.subscriptions[spec.name] = profile.subscriptions();
    const usesMac = spec.telemetry.includes('{mac}');
    const id = usesMac ? 'aa:bb:cc:dd:ee:01' : 'env-0001';
    for (const kind of KINDS) {
      if (spec[kind] === undefined) continue;
      const topic = profile.topicFor(kind, id);
      out.build.push({ profile: spec.name, kind, deviceId: id, topic });
      out.match.push({ profile: spec.name, topic, match: profile.match(topic) ?? null });
    }
    const level = (text: string) => spec.telemetry.replace(/\{(id|mac)\}/, text);
    const probes = usesMac
      ? [level('AA-BB-CC-DD-EE-01'), level('aabb.ccdd.ee01'), level('AABBCCDDEE01'), level('not-a-mac')]
      : [level('brk.0001:a_b-c'), level('a+b'), level('')];
    for (const topic of [...probes, 'tb/v2/env-0001/telemetry', 'other/thing']) {
      out.match.push({ profile: spec.name, topic, match: profile.match(topic) ?? null });
    }
  }
  return out;
}
