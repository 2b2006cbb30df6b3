import { describe, expect, it } from 'vitest';
import { ShadowBook } from './book.ts';
import { ShadowError } from './errors.ts';

const T0 = 1_700_000_000_000; // ms
const S0 = T0 / 1000;

function setup() {
  const clock = { t: T0 };
  const book = new ShadowBook({ now: () => clock.t });
  const advance = (seconds: number) => (clock.t += seconds * 1000);
  return { book, clock, advance };
}

describe('ShadowBook.update', () => {
  it('creates a shadow at version 1 and answers with the request state and per-leaf metadata', () => {
    const { book } = setup();
    const result = book.update(
      'lamp',
      undefined,
      '{"state":{"desired":{"color":"RED","light":{"on":true}}}}',
    );
    expect(result.accepted).toEqual({
      state: { desired: { color: 'RED', light: { on: true } } },
      metadata: { desired: { color: { timestamp: S0 }, light: { on: { timestamp: S0 } } } },
      version: 1,
      timestamp: S0,
    });
    expect(result.state.version).toBe(1);
    expect(result.state.updatedAt).toBe(S0);
  });

  it('increments the version by one on each accepted update', () => {
    const { book } = setup();
    const versions = [1, 2, 3].map(
      (i) => book.update('lamp', undefined, { state: { reported: { n: i } } }).accepted.version,
    );
    expect(versions).toEqual([1, 2, 3]);
  });

  it('follows the AWS desired → delta → reported flow', () => {
    const { book, advance } = setup();
    const app = book.update('lamp', undefined, { state: { desired: { color: 'RED' } } });
    expect(app.delta).toEqual({
      state: { color: 'RED' },
      metadata: { color: { timestamp: S0 } },
      version: 1,
      timestamp: S0,
    });

    advance(5);
    const device = book.update('lamp', undefined, { state: { reported: { color: 'RED' } } });
    expect(device.delta).toBeUndefined();
    expect(book.get('lamp').state).toEqual({ desired: { color: 'RED' }, reported: { color: 'RED' } });
  });

  const deltaCases = [
    {
      name: 'desired set, nothing reported',
      first: { desired: { a: 1 } },
      second: { desired: { b: 2 } },
      delta: { a: 1, b: 2 },
    },
    {
      name: 'reported update leaving a difference',
      first: { desired: { a: 1, b: 2 } },
      second: { reported: { a: 1 } },
      delta: { b: 2 },
    },
    {
      name: 'reported update reaching desired',
      first: { desired: { a: 1 } },
      second: { reported: { a: 1 } },
      delta: undefined,
    },
    {
      name: 'reported-only change',
      first: { reported: { a: 1 } },
      second: { reported: { b: 2 } },
      delta: undefined,
    },
    {
      name: 'reported key deleted while still desired',
      first: { desired: { a: 1 }, reported: { a: 1 } },
      second: { reported: { a: null } },
      delta: { a: 1 },
    },
  ];
  it.each(deltaCases)(
    'sends /update/delta only when desired and reported differ: $name',
    ({ first, second, delta }) => {
      const { book } = setup();
      book.update('t', undefined, { state: first });
      expect(book.update('t', undefined, { state: second }).delta?.state).toEqual(delta);
    },
  );

  it('deletes a key with null, echoing the null and stamping it in the accepted metadata', () => {
    const { book } = setup();
    book.update('lamp', undefined, { state: { desired: { color: 'RED', mode: 'auto' } } });
    const result = book.update('lamp', undefined, { state: { desired: { color: null } } });
    expect(result.accepted.state).toEqual({ desired: { color: null } });
    expect(result.accepted.metadata).toEqual({ desired: { color: { timestamp: S0 } } });
    expect(result.state.desired).toEqual({ mode: 'auto' });
    expect(result.state.metadata.desired).toEqual({ mode: { timestamp: S0 } });
  });

  it('removes the whole section when it is set to null (AWS "desired": null)', () => {
    const { book } = setup();
    book.update('lamp', undefined, { state: { desired: { color: 'RED' }, reported: { color: 'GREEN' } } });
    const result = book.update('lamp', undefined, { state: { reported: { color: 'red' }, desired: null } });
    expect(result.state.desired).toBeUndefined();
    expect(result.state.metadata.desired).toBeUndefined();
    expect(result.delta).toBeUndefined();
    expect(book.get('lamp').state).toEqual({ reported: { color: 'red' } });
  });

  it('empties the shadow without deleting it when the state is null', () => {
    const { book } = setup();
    book.update('lamp', undefined, { state: { desired: { a: 1 }, reported: { b: 2 } } });
    const result = book.update('lamp', undefined, { state: null });
    expect(result.state).toEqual({ metadata: {}, version: 2, updatedAt: S0 });
    expect(book.get('lamp')).toEqual({ state: {}, metadata: {}, version: 2, timestamp: S0 });
  });

  it('keeps each leaf timestamp until that leaf is written again', () => {
    const { book, advance } = setup();
    book.update('t', undefined, { state: { reported: { a: 1, nested: { x: 1, y: 1 } } } });
    advance(10);
    const result = book.update('t', undefined, { state: { reported: { nested: { y: 2 } } } });
    expect(result.state.metadata.reported).toEqual({
      a: { timestamp: S0 },
      nested: { x: { timestamp: S0 }, y: { timestamp: S0 + 10 } },
    });
  });

  it('replaces arrays whole and gives an array a single metadata leaf', () => {
    const { book } = setup();
    book.update('t', undefined, { state: { desired: { colors: ['RED', 'GREEN', 'BLUE'] } } });
    const result = book.update('t', undefined, { state: { desired: { colors: ['RED'] } } });
    expect(result.state.desired).toEqual({ colors: ['RED'] });
    expect(result.state.metadata.desired).toEqual({ colors: { timestamp: S0 } });
  });

  it('rejects a request whose version is not the current one with 409, echoing the clientToken (AWS optimistic locking)', () => {
    const { book } = setup();
    for (let i = 0; i < 10; i++)
      book.update('t', undefined, { state: { desired: { colors: ['RED', 'GREEN', 'BLUE'] } } });
    const error = book.tryUpdate('t', undefined, {
      state: { desired: { colors: ['BLUE'] } },
      version: 9,
      clientToken: 'c-1',
    });
    expect(error).toBeInstanceOf(ShadowError);
    expect((error as ShadowError).toPayload(S0)).toMatchObject({
      code: 409,
      clientToken: 'c-1',
      timestamp: S0,
    });
    expect((error as ShadowError).message).toMatch(/^Version conflict/);
    expect(book.snapshot('t')?.version).toBe(10);

    const accepted = book.update('t', undefined, { state: { desired: { colors: ['BLUE'] } }, version: 10 });
    expect(accepted.state).toMatchObject({ desired: { colors: ['BLUE'] }, version: 11 });
  });

  it('echoes the clientToken in accepted, delta and documents', () => {
    const { book } = setup();
    const result = book.update('t', undefined, '{"state":{"desired":{"a":1}},"clientToken":"tok"}');
    expect(result.accepted.clientToken).toBe('tok');
    expect(result.delta?.clientToken).toBe('tok');
    expect(result.documents.clientToken).toBe('tok');
  });

  it('publishes previous and current documents, previous being null when the update creates the shadow', () => {
    const { book, advance } = setup();
    const first = book.update('t', undefined, { state: { desired: { a: 1 } } });
    expect(first.documents).toEqual({
      previous: null,
      current: { state: { desired: { a: 1 } }, metadata: { desired: { a: { timestamp: S0 } } }, version: 1 },
      timestamp: S0,
    });
    advance(1);
    const second = book.update('t', undefined, { state: { reported: { a: 1 } } });
    expect(second.documents.previous).toEqual(first.documents.current);
    expect(second.documents.current).toEqual({
      state: { desired: { a: 1 }, reported: { a: 1 } },
      metadata: { desired: { a: { timestamp: S0 } }, reported: { a: { timestamp: S0 + 1 } } },
      version: 2,
    });
  });

  it('leaves earlier documents untouched by later updates', () => {
    const { book } = setup();
    const first = book.update('t', undefined, { state: { desired: { a: { b: 1 } } } });
    const before = structuredClone(first.documents.current);
    book.update('t', undefined, { state: { desired: { a: { b: 2, c: 3 } } } });
    book.update('t', undefined, { state: { desired: null } });
    expect(first.documents.current).toEqual(before);
  });

  it('keeps named shadows apart from the classic shadow and from each other', () => {
    const { book } = setup();
    book.update('t', undefined, { state: { reported: { classic: true } } });
    book.update('t', 'cfg', { state: { reported: { named: 'cfg' } } });
    book.update('t', 'net', { state: { reported: { named: 'net' } } });
    expect(book.get('t').state.reported).toEqual({ classic: true });
    expect(book.get('t', 'cfg').state.reported).toEqual({ named: 'cfg' });
    expect(book.get('t', 'net').version).toBe(1);
    expect(book.list('t').map((e) => e.shadowName)).toEqual([undefined, 'cfg', 'net']);
  });

  it('accepts the payload as text, bytes or a parsed object alike', () => {
    const { book } = setup();
    const body = { state: { reported: { a: 1 } } };
    const text = book.update('a', undefined, JSON.stringify(body)).state;
    const bytes = book.update('b', undefined, new TextEncoder().encode(JSON.stringify(body))).state;
    const object = book.update('c', undefined, body).state;
    expect(bytes).toEqual(text);
    expect(object).toEqual(text);
  });
});

describe('ShadowBook.get', () => {
  it('returns the whole document with the delta when desired and reported differ', () => {
    const { book } = setup();
    book.update('t', undefined, { state: { desired: { a: 1, b: 2 }, reported: { a: 1, b: 3 } } });
    expect(book.get('t', undefined, 'g1')).toEqual({
      state: { desired: { a: 1, b: 2 }, reported: { a: 1, b: 3 }, delta: { b: 2 } },
      metadata: {
        desired: { a: { timestamp: S0 }, b: { timestamp: S0 } },
        reported: { a: { timestamp: S0 }, b: { timestamp: S0 } },
      },
      version: 1,
      timestamp: S0,
      clientToken: 'g1',
    });
  });

  it('omits the delta when desired and reported agree', () => {
    const { book } = setup();
    book.update('t', undefined, { state: { desired: { a: 1 }, reported: { a: 1 } } });
    expect(book.get('t').state).not.toHaveProperty('delta');
  });

  it('answers 404 for a shadow that does not exist', () => {
    const { book } = setup();
    expect(() => book.get('nobody')).toThrow(expect.objectContaining({ statusCode: 404 }));
    book.update('t', undefined, { state: { reported: {} } });
    expect(() => book.get('t', 'other', 'tok')).toThrow(
      expect.objectContaining({ statusCode: 404, clientToken: 'tok' }),
    );
  });
});
