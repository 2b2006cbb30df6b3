import { describe, expect, it } from 'vitest';
import { TwinError } from '../errors.ts';
import {
  SHADOW_REQUEST_FILTERS,
  parseShadowTopic,
  shadowDeltaTopic,
  shadowDocumentsTopic,
  shadowResponseTopic,
  shadowTopic,
  type ShadowTopic,
} from './aws-shadow.ts';
import { topicMatchesFilter } from './mqtt-filter.ts';

describe('AWS shadow topics', () => {
  it('builds classic and named request topics', () => {
    expect(shadowTopic('lamp-1', 'update')).toBe('$aws/things/lamp-1/shadow/update');
    expect(shadowTopic('lamp-1', 'get', 'cfg')).toBe('$aws/things/lamp-1/shadow/name/cfg/get');
  });

  it('builds response, delta and documents topics', () => {
    expect(shadowResponseTopic('lamp', 'delete', 'accepted')).toBe('$aws/things/lamp/shadow/delete/accepted');
    expect(shadowResponseTopic('lamp', 'update', 'rejected', 'cfg')).toBe(
      '$aws/things/lamp/shadow/name/cfg/update/rejected',
    );
    expect(shadowDeltaTopic('lamp')).toBe('$aws/things/lamp/shadow/update/delta');
    expect(shadowDocumentsTopic('lamp', 'cfg')).toBe('$aws/things/lamp/shadow/name/cfg/update/documents');
  });

  it('refuses names that would not fill exactly one topic level', () => {
    expect(() => shadowTopic('a/b', 'get')).toThrow(TwinError);
    expect(() => shadowTopic('lamp', 'get', '+')).toThrow(/Invalid shadow name "\+"/);
    expect(() => shadowTopic('', 'get')).toThrow(/Invalid thing name/);
  });

  const requests: ShadowTopic[] = [
    { thing: 'lamp', op: 'update' },
    { thing: 'lamp', op: 'get' },
    { thing: 'lamp', op: 'delete' },
    { thing: 'aa:bb:cc:dd:ee:ff', shadowName: 'cfg', op: 'update' },
    { thing: 'x', shadowName: 'net_1', op: 'delete' },
  ];
  it.each(requests)(
    'round-trips $thing $shadowName $op through shadowTopic and parseShadowTopic',
    (request) => {
      const topic = shadowTopic(request.thing, request.op, request.shadowName);
      expect(parseShadowTopic(topic)).toEqual(request);
      expect(SHADOW_REQUEST_FILTERS.some((filter) => topicMatchesFilter(topic, filter))).toBe(true);
    },
  );

  const notRequests = [
    '$aws/things/lamp/shadow/update/accepted',
    '$aws/things/lamp/shadow/update/delta',
    '$aws/things/lamp/shadow/name/cfg/get/rejected',
    '$aws/things/lamp/shadow/list',
    '$aws/things/lamp/shadow',
    '$aws/things//shadow/get',
    '$aws/things/lamp/shadow/name//get',
    '$aws/things/lamp/jobs/get',
    'tb/v1/lamp/telemetry',
  ];
  it.each(notRequests)('does not take %s for a request', (topic) => {
    expect(parseShadowTopic(topic)).toBeUndefined();
    expect(SHADOW_REQUEST_FILTERS.some((filter) => topicMatchesFilter(topic, filter))).toBe(
      topic === '$aws/things/lamp/shadow/name//get' || topic === '$aws/things//shadow/get',
    );
  });
});
