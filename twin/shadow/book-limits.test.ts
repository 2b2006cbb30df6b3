import { describe, expect, it } from 'vitest';
import { TWIN_ERROR_CODES as E } from '../errors.ts';
import { ShadowBook } from './book.ts';
import { ShadowError } from './errors.ts';

const NOW = 1_700_000_000_000;

/** An object `levels` objects deep: nested(2) is {l1:{leaf:1}}. */
function nested(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: 1 };
  for (let i = levels - 1; i >= 1; i--) node = { [`l${i}`]: node };
  return node;
}

function rejection(
  book: ShadowBook,
  payload: string | Uint8Array | object,
  thing = 't',
  shadow?: string,
): ShadowError {
  const result = book.tryUpdate(thing, shadow, payload);
  if (!(result instanceof ShadowError)) throw new Error('expected a rejection');
  return result;
}

describe('ShadowBook request checks', () => {
  const cases: {
    name: string;
    payload: string | Uint8Array | object;
    code: number;
    twinCode: string;
    message: RegExp;
  }[] = [
    {
      name: 'invalid JSON',
      payload: '{"state":',
      code: 400,
      twinCode: E.SHADOW_INVALID_JSON,
      message: /^Invalid JSON/,
    },
    {
      name: 'bytes that are not UTF-8',
      payload: new Uint8Array([0x7b, 0xff, 0x7d]),
      code: 400,
      twinCode: E.SHADOW_INVALID_JSON,
      message: /not UTF-8/,
    },
    {
      name: 'missing state',
      payload: '{"desired":{"a":1}}',
      code: 400,
      twinCode: E.SHADOW_MISSING_STATE,
      message: /^Missing required node: state/,
    },
    {
      name: 'a payload that is not an object',
      payload: '[1,2]',
      code: 400,
      twinCode: E.SHADOW_MISSING_STATE,
      message: /^Missing required node: state/,
    },
    {
      name: 'state that is not an object',
      payload: '{"state":"on"}',
      code: 400,
      twinCode: E.SHADOW_NOT_AN_OBJECT,
      message: /^State node must be an object, got "on"/,
    },
    {
      name: 'desired that is not an object',
      payload: '{"state":{"desired":5}}',
      code: 400,
      twinCode: E.SHADOW_NOT_AN_OBJECT,
      message: /^Desired node must be an object, got 5/,
    },
    {
      name: 'reported that is an array',
      payload: '{"state":{"reported":[1]}}',
      code: 400,
      twinCode: E.SHADOW_NOT_AN_OBJECT,
      message: /^Reported node must be an object/,
    },
    {
      name: 'an unknown node in state',
      payload: '{"state":{"delta":{}}}',
      code: 400,
      twinCode: E.SHADOW_INVALID_NODE,
      message: /invalid node: "delta"/,
    },
    {
      name: 'null inside an array',
      payload: '{"state":{"desired":{"colors":[null,"RED"]}}}',
      code: 400,
      twinCode: E.SHADOW_INVALID_NODE,
      message: /state\.desired\.colors\[0\] is null/,
    },
    {
      name: 'a negative version',
      payload: '{"state":{},"version":-1}',
      code: 400,
      twinCode: E.SHADOW_INVALID_VERSION,
      message: /^Invalid version: -1/,
    },
    {
      name: 'a version given as text',
      payload: '{"state":{},"version":"3"}',
      code: 400,
      twinCode: E.SHADOW_INVALID_VERSION,
      message: /^Invalid version: "3"/,
    },
    {
      name: 'a fractional version',
      payload: '{"state":{},"version":1.5}',
      code: 400,
      twinCode: E.SHADOW_INVALID_VERSION,
      message: /^Invalid version: 1.5/,
    },
    {
      name: 'a clientToken of 65 bytes',
      payload: { state: {}, clientToken: 'x'.repeat(65) },
      code: 400,
      twinCode: E.SHADOW_INVALID_CLIENT_TOKEN,
      message: /65 bytes long, at most 64/,
    },
    {
      name: 'a clientToken that is not a string',
      payload: { state: {}, clientToken: 7 },
      code: 400,
      twinCode: E.SHADOW_INVALID_CLIENT_TOKEN,
      message: /^Invalid clientToken: 7/,
    },
    {
      name: 'nesting 7 levels deep',
      payload: { state: { desired: nested(7) } },
      code: 400,
      twinCode: E.SHADOW_TOO_DEEP,
      message: /maximum is 6 \(state\.desired\.l1\.l2\.l3\.l4\.l5\.l6 is at level 7\)/,
    },
    {
      name: 'a payload over 8 KB',
      payload: JSON.stringify({ state: { reported: { blob: 'x'.repeat(8200) } } }),
      code: 413,
      twinCode: E.SHADOW_TOO_LARGE,
      message: /^The payload exceeds the maximum size allowed: \d+ bytes, at most 8192/,
    },
    {
      name: 'a pre-parsed object over 8 KB',
      payload: { state: { reported: { blob: 'é'.repeat(4100) } } },
      code: 413,
      twinCode: E.SHADOW_TOO_LARGE,
      message: /at most 8192/,
    },
  ];

  it.each(cases)('rejects $name', ({ payload, code, twinCode, message }) => {
    const book = new ShadowBook({ now: () => NOW });
    const error = rejection(book, payload);
    expect(error.statusCode).toBe(code);
    expect(error.code).toBe(twinCode);
    expect(error.message).toMatch(message);
    expect(book.snapshot('t')).toBeUndefined();
  });

  it('accepts nesting of exactly 6 levels (the section object is level 1)', () => {
    const book = new ShadowBook({ now: () => NOW });
    expect(book.update('t', undefined, { state: { desired: nested(6) } }).state.version).toBe(1);
  });

  it('accepts a clientToken of exactly 64 bytes, counting UTF-8 bytes', () => {
    const book = new ShadowBook({ now: () => NOW });
    expect(
      book.update('t', undefined, { state: {}, clientToken: 'é'.repeat(32) }).accepted.clientToken,
    ).toHaveLength(32);
    expect(rejection(book, { state: {}, clientToken: 'é'.repeat(33) }).statusCode).toBe(400);
  });

  it('echoes a valid clientToken in a rejection', () => {
    const book = new ShadowBook({ now: () => NOW });
    const error = rejection(book, '{"state":{"desired":7},"clientToken":"abc"}');
    expect(error.toPayload(1)).toEqual({
      code: 400,
      message: 'Desired node must be an object, got 7',
      timestamp: 1,
      clientToken: 'abc',
    });
  });

  it('rejects an update that would grow the stored state past 8 KB, leaving the shadow as it was', () => {
    const book = new ShadowBook({ now: () => NOW });
    for (let i = 0; i < 7; i++)
      book.update('t', undefined, { state: { reported: { [`k${i}`]: 'x'.repeat(1000) } } });
    const error = rejection(book, { state: { reported: { k7: 'x'.repeat(1200) } }, clientToken: 'big' });
    expect(error.statusCode).toBe(413);
    expect(error.clientToken).toBe('big');
    expect(error.message).toMatch(/the shadow would hold \d+ bytes of state, at most 8192/);
    expect(book.snapshot('t')?.version).toBe(7);
    // Deleting keys brings it back under the limit.
    expect(
      book.update('t', undefined, { state: { reported: { k0: null, k7: 'y'.repeat(900) } } }).state.version,
    ).toBe(8);
  });

  it('does not count repeated small updates of the same keys toward the size limit', () => {
    const book = new ShadowBook({ now: () => NOW });
    for (let i = 0; i < 2000; i++)
      book.update('t', undefined, {
        state: { reported: { temperature: 20 + (i % 10), blob: 'x'.repeat(500) } },
      });
    expect(book.snapshot('t')?.version).toBe(2000);
  });

  const names = [
    {
      name: 'a thing name of 129 characters',
      thing: 'a'.repeat(129),
      message: /Invalid thing name: .*\(129 characters\); use 1 to 128 characters/,
    },
    { name: 'an empty thing name', thing: '', message: /Invalid thing name/ },
    { name: 'a thing name with a space', thing: 'my thing', message: /Invalid thing name: "my thing"/ },
    {
      name: 'a shadow name of 65 characters',
      thing: 't',
      shadow: 's'.repeat(65),
      message: /Invalid shadow name: .*\(65 characters\); use 1 to 64/,
    },
  ];
  it.each(names)('rejects $name with 400', ({ thing, shadow, message }) => {
    const book = new ShadowBook({ now: () => NOW });
    const error = rejection(book, { state: { reported: { a: 1 } } }, thing, shadow);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe(E.SHADOW_INVALID_NAME);
    expect(error.message).toMatch(message);
  });

  it('accepts names at the length limits', () => {
    const book = new ShadowBook({ now: () => NOW });
    expect(
      book.update('a'.repeat(128), 's'.repeat(64), { state: { reported: { a: 1 } } }).state.version,
    ).toBe(1);
  });

  it('takes configurable limits', () => {
    const book = new ShadowBook({
      now: () => NOW,
      limits: { maxDocumentBytes: 100, maxDepth: 2, maxClientTokenBytes: 4 },
    });
    expect(book.limits.maxThingNameLength).toBe(128);
    expect(rejection(book, { state: { reported: { s: 'x'.repeat(100) } } }).statusCode).toBe(413);
    expect(rejection(book, { state: { reported: { a: { b: { c: 1 } } } } }).message).toMatch(/maximum is 2/);
    expect(rejection(book, { state: {}, clientToken: 'abcde' }).statusCode).toBe(400);
  });

  it('rejects a pre-parsed object that is not JSON-serialisable with 400', () => {
    const book = new ShadowBook({ now: () => NOW });
    expect(rejection(book, { state: { reported: { big: 1n } } })).toMatchObject({
      statusCode: 400,
      code: E.SHADOW_INVALID_JSON,
    });
  });

  it('turns unexpected failures into 500 in tryUpdate', () => {
    const book = new ShadowBook({
      now: () => {
        throw new Error('clock broke');
      },
    });
    const error = rejection(book, { state: {} });
    expect(error.statusCode).toBe(500);
    expect(error.message).toMatch(/^Internal service failure: clock broke/);
  });
});
