import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { ShadowBook } from './book.ts';
import { ShadowError } from './errors.ts';
import { handleShadowRequest } from './mqtt.ts';
import {
  ShadowDeleteAcceptedSchema,
  ShadowDeltaSchema,
  ShadowDocumentsSchema,
  ShadowErrorSchema,
  ShadowGetAcceptedSchema,
  ShadowUpdateAcceptedSchema,
  ShadowUpdateRequestSchema,
} from './schemas.ts';

const NOW = 1_700_000_000_000;
const book = () => new ShadowBook({ now: () => NOW });

describe('handleShadowRequest', () => {
  it('answers an update with accepted, delta and documents, in that order', () => {
    const out = handleShadowRequest(
      book(),
      '$aws/things/lamp/shadow/update',
      '{"state":{"desired":{"on":true}}}',
    );
    expect(out?.map((p) => p.topic)).toEqual([
      '$aws/things/lamp/shadow/update/accepted',
      '$aws/things/lamp/shadow/update/delta',
      '$aws/things/lamp/shadow/update/documents',
    ]);
  });

  it('leaves the delta out when desired and reported agree', () => {
    const out = handleShadowRequest(
      book(),
      '$aws/things/lamp/shadow/name/cfg/update',
      '{"state":{"reported":{"on":true}}}',
    );
    expect(out?.map((p) => p.topic)).toEqual([
      '$aws/things/lamp/shadow/name/cfg/update/accepted',
      '$aws/things/lamp/shadow/name/cfg/update/documents',
    ]);
  });

  it('publishes a rejected update on /update/rejected with the AWS error document', () => {
    const out = handleShadowRequest(
      book(),
      '$aws/things/lamp/shadow/update',
      '{"state":{"desired":1},"clientToken":"c"}',
    );
    expect(out).toEqual([
      {
        topic: '$aws/things/lamp/shadow/update/rejected',
        payload: {
          code: 400,
          message: 'Desired node must be an object, got 1',
          timestamp: NOW / 1000,
          clientToken: 'c',
        },
      },
    ]);
  });

  it('answers get with an empty payload or a clientToken, and 404 when there is no shadow', () => {
    const b = book();
    expect(handleShadowRequest(b, '$aws/things/lamp/shadow/get', '')?.[0]).toMatchObject({
      topic: '$aws/things/lamp/shadow/get/rejected',
      payload: { code: 404 },
    });
    handleShadowRequest(b, '$aws/things/lamp/shadow/update', '{"state":{"reported":{"on":true}}}');
    expect(handleShadowRequest(b, '$aws/things/lamp/shadow/get', '{"clientToken":"g"}')?.[0]).toMatchObject({
      topic: '$aws/things/lamp/shadow/get/accepted',
      payload: { state: { reported: { on: true } }, version: 1, clientToken: 'g' },
    });
  });

  it('answers delete on /delete/accepted', () => {
    const b = book();
    handleShadowRequest(b, '$aws/things/lamp/shadow/name/x/update', '{"state":{"reported":{"on":true}}}');
    expect(handleShadowRequest(b, '$aws/things/lamp/shadow/name/x/delete', new Uint8Array())).toEqual([
      {
        topic: '$aws/things/lamp/shadow/name/x/delete/accepted',
        payload: { version: 1, timestamp: NOW / 1000 },
      },
    ]);
  });

  it('rejects a get whose payload is not JSON', () => {
    const out = handleShadowRequest(book(), '$aws/things/lamp/shadow/get', 'please');
    expect(out?.[0]).toMatchObject({ topic: '$aws/things/lamp/shadow/get/rejected', payload: { code: 400 } });
  });

  it('ignores topics that are not shadow requests', () => {
    expect(handleShadowRequest(book(), '$aws/things/lamp/shadow/update/accepted', '{}')).toBeUndefined();
    expect(handleShadowRequest(book(), 'tb/v1/lamp/telemetry', '{}')).toBeUndefined();
  });
});

describe('shadow schemas', () => {
  it('describe the documents the book produces', () => {
    const b = book();
    const request = { state: { desired: { on: true, level: { v: 3 } } }, clientToken: 'c' };
    expect(Compile(ShadowUpdateRequestSchema).Check(request)).toBe(true);
    const result = b.update('lamp', undefined, request);
    expect(Compile(ShadowUpdateAcceptedSchema).Check(result.accepted)).toBe(true);
    expect(Compile(ShadowDeltaSchema).Check(result.delta)).toBe(true);
    expect(Compile(ShadowDocumentsSchema).Check(result.documents)).toBe(true);
    expect(Compile(ShadowGetAcceptedSchema).Check(b.get('lamp'))).toBe(true);
    expect(Compile(ShadowDeleteAcceptedSchema).Check(b.delete('lamp'))).toBe(true);
    const rejected = b.tryUpdate('lamp', undefined, '{"state":5,"clientToken":"t"}');
    expect(rejected).toBeInstanceOf(ShadowError);
    expect(Compile(ShadowErrorSchema).Check((rejected as ShadowError).toPayload(1))).toBe(true);
  });

  it('reject update requests the book would reject', () => {
    const check = Compile(ShadowUpdateRequestSchema);
    expect(check.Check({ state: { desired: 5 } })).toBe(false);
    expect(check.Check({ state: { delta: {} } })).toBe(false);
    expect(check.Check({ desired: {} })).toBe(false);
    expect(check.Check({ state: null })).toBe(true);
  });
});
