/**
 * The topic-profile contract (MQTT.js's abstract-store pattern): one suite every topic profile must
 * pass, built in or custom. Call it from a test file:
 *
 *   describeTopicProfileContract('plant-mac', { name: 'plant-mac', telemetry: 'plant/{mac}/up', … });
 */
import { describe, expect, it } from 'vitest';
import {
  TwinError,
  compileProfile,
  formatMac,
  normalizeMac,
  topicMatchesFilter,
  type InboundKind,
  type MacFormat,
  type TopicKind,
  type TopicProfileSpec,
} from '../twin/index.ts';

const INBOUND: readonly InboundKind[] = ['telemetry', 'events', 'status', 'commandResponse'];
const DEFAULT_MAC_FORMAT: MacFormat = { separator: ':', case: 'lower' };

export function describeTopicProfileContract(name: string, spec: TopicProfileSpec): void {
  describe(`topic profile contract: ${name}`, () => {
    const profile = compileProfile(spec);
    const usesMac = spec.telemetry.includes('{mac}');
    const kinds = INBOUND.filter((k) => spec[k] !== undefined);
    const ids = usesMac
      ? ['aa:bb:cc:dd:ee:ff', '00:11:22:33:44:55']
      : ['brk-0001', 'aa:bb:cc:dd:ee:ff', 'x.y_z', 'A'.repeat(128)];
    const first = ids[0] as string;

    it('keeps its name and spec', () => {
      expect(profile.name).toBe(spec.name);
      expect(profile.spec).toEqual(spec);
    });

    it('round-trips every inbound kind through topicFor and match', () => {
      for (const kind of kinds) {
        for (const id of ids)
          expect(profile.match(profile.topicFor(kind, id))).toEqual({ kind, deviceId: id });
      }
    });

    it('gives every kind its own topic', () => {
      const all: TopicKind[] = [...kinds, 'command'];
      const topics = all.map((k) => profile.topicFor(k, first));
      expect(new Set(topics).size).toBe(topics.length);
    });

    it('subscribes to every inbound topic, with + for the device level, and never to the command topic', () => {
      const filters = profile.subscriptions();
      expect(new Set(filters).size).toBe(filters.length);
      for (const f of filters) expect(f.split('/').filter((level) => level === '+')).toHaveLength(1);
      for (const kind of kinds) {
        expect(filters.some((f) => topicMatchesFilter(profile.topicFor(kind, first), f))).toBe(true);
      }
      expect(filters.some((f) => topicMatchesFilter(profile.topicFor('command', first), f))).toBe(false);
    });

    it('does not match its own command topic, foreign topics or bad device levels', () => {
      expect(profile.match(profile.topicFor('command', first))).toBeUndefined();
      expect(profile.match('something/else/entirely')).toBeUndefined();
      expect(profile.match('')).toBeUndefined();
      for (const bad of ['bad id', 'a/b', '', '+', '#']) {
        expect(profile.match(spec.telemetry.replace(/\{(id|mac)\}/, bad))).toBeUndefined();
      }
    });

    it('refuses to build a topic for a bad device id', () => {
      for (const bad of ['a/b', '+', '#', '', 'x'.repeat(129)]) {
        expect(() => profile.topicFor('telemetry', bad)).toThrow(TwinError);
      }
    });

    it('writes {mac} in its macFormat and reads a MAC written any way', () => {
      if (!usesMac) {
        expect(profile.topicFor('telemetry', 'aa:bb:cc:dd:ee:ff')).toContain('aa:bb:cc:dd:ee:ff');
        return;
      }
      const format = spec.macFormat ?? DEFAULT_MAC_FORMAT;
      const written = formatMac(first, format) as string;
      expect(profile.topicFor('telemetry', first)).toBe(spec.telemetry.replace('{mac}', written));
      // The level as written by the profile, and other spellings of the same MAC, all normalise.
      for (const spelling of [
        written,
        'AA:BB:CC:DD:EE:FF',
        'aa-bb-cc-dd-ee-ff',
        'AABBCCDDEEFF',
        'aabb.ccdd.eeff',
      ]) {
        const topic = spec.telemetry.replace('{mac}', spelling);
        expect(profile.match(topic)).toEqual({ kind: 'telemetry', deviceId: normalizeMac(first) });
      }
      expect(() => profile.topicFor('telemetry', 'brk-0001')).toThrow(TwinError);
    });
  });
}
