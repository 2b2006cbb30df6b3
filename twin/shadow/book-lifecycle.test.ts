import { describe, expect, it } from 'vitest';
import { TWIN_ERROR_CODES as E, TwinError } from '../errors.ts';
import { ShadowBook } from './book.ts';
import type { ShadowState } from './documents.ts';

const HOUR_MS = 3_600_000;

function setup() {
  const clock = { t: 1_700_000_000_000 };
  return { clock, book: new ShadowBook({ now: () => clock.t }) };
}

describe('ShadowBook.delete', () => {
  it('deletes the shadow and answers with its version, timestamp and clientToken', () => {
    const { book, clock } = setup();
    for (let i = 0; i < 4; i++) book.update('t', undefined, { state: { reported: { i } } });
    expect(book.delete('t', undefined, 'd1')).toEqual({
      version: 4,
      timestamp: clock.t / 1000,
      clientToken: 'd1',
    });
    expect(book.snapshot('t')).toBeUndefined();
    expect(() => book.get('t')).toThrow(expect.objectContaining({ statusCode: 404 }));
  });

  it('answers 404 when there is nothing to delete', () => {
    const { book } = setup();
    expect(() => book.delete('t', 'cfg')).toThrow(
      expect.objectContaining({ statusCode: 404, code: E.SHADOW_NOT_FOUND }),
    );
  });

  const recreate = [
    { name: 'within 48 hours continues the version', afterMs: 47 * HOUR_MS, version: 4 },
    { name: 'exactly 48 hours later still continues it', afterMs: 48 * HOUR_MS, version: 4 },
    { name: 'after 48 hours starts again at 1', afterMs: 48 * HOUR_MS + 1, version: 1 },
  ];
  it.each(recreate)('re-creating a deleted shadow $name', ({ afterMs, version }) => {
    const { book, clock } = setup();
    for (let i = 0; i < 3; i++) book.update('t', 'cfg', { state: { desired: { i } } });
    book.delete('t', 'cfg');
    clock.t += afterMs;
    expect(book.update('t', 'cfg', { state: { desired: { again: true } } }).state.version).toBe(version);
  });

  it('checks a request version against the deleted version while it is remembered', () => {
    const { book } = setup();
    book.update('t', undefined, { state: { desired: { a: 1 } } });
    book.update('t', undefined, { state: { desired: { a: 2 } } });
    book.delete('t');
    expect(book.tryUpdate('t', undefined, { state: {}, version: 0 })).toMatchObject({ statusCode: 409 });
    expect(book.update('t', undefined, { state: {}, version: 2 }).state.version).toBe(3);
  });

  it('does not let a deleted classic shadow affect named shadows of the same thing', () => {
    const { book } = setup();
    book.update('t', undefined, { state: { desired: { a: 1 } } });
    book.update('t', 'cfg', { state: { desired: { a: 1 } } });
    book.delete('t');
    expect(book.get('t', 'cfg').version).toBe(1);
  });
});

describe('ShadowBook.restore, snapshot and list', () => {
  const state: ShadowState = {
    desired: { a: 1 },
    reported: { a: 0, list: [1, 2] },
    metadata: {
      desired: { a: { timestamp: 10 } },
      reported: { a: { timestamp: 9 }, list: { timestamp: 9 } },
    },
    version: 41,
    updatedAt: 10,
  };

  it('restores a shadow that then behaves as if it had never left', () => {
    const { book } = setup();
    book.restore('t', 'cfg', state);
    expect(book.snapshot('t', 'cfg')).toEqual(state);
    expect(book.get('t', 'cfg').state.delta).toEqual({ a: 1 });
    expect(book.update('t', 'cfg', { state: { reported: { a: 1 } }, version: 41 }).state.version).toBe(42);
  });

  it('copies the restored state so the caller cannot change the book afterwards', () => {
    const { book } = setup();
    const input = structuredClone(state);
    book.restore('t', undefined, input);
    (input.reported!.list as number[]).push(3);
    expect(book.snapshot('t')?.reported).toEqual({ a: 0, list: [1, 2] });
  });

  const malformed = [
    {
      name: 'a negative version',
      state: { ...state, version: -1 },
      message: /version is -1, expected a non-negative integer/,
    },
    {
      name: 'a missing updatedAt',
      state: { ...state, updatedAt: undefined },
      message: /updatedAt is undefined, expected epoch seconds/,
    },
    {
      name: 'desired that is an array',
      state: { ...state, desired: [1] },
      message: /desired is an array \[1\], expected an object/,
    },
  ];
  it.each(malformed)('refuses to restore a state with $name', ({ state: bad, message }) => {
    const { book } = setup();
    const attempt = () => book.restore('t', undefined, bad as unknown as ShadowState);
    expect(attempt).toThrow(TwinError);
    expect(attempt).toThrow(message);
  });

  it('lists every shadow with its version and update time', () => {
    const { book, clock } = setup();
    book.update('a', undefined, { state: { reported: { x: 1 } } });
    book.update('b', 'cfg', { state: { reported: { x: 1 } } });
    book.update('b', 'cfg', { state: { reported: { x: 2 } } });
    const s = clock.t / 1000;
    expect(book.list()).toEqual([
      { thing: 'a', version: 1, updatedAt: s },
      { thing: 'b', shadowName: 'cfg', version: 2, updatedAt: s },
    ]);
    expect(book.list('b')).toHaveLength(1);
  });
});

describe('ShadowBook.acquire', () => {
  it('allows 10 requests in flight per thing and answers 429 to the 11th', () => {
    const { book } = setup();
    const releases = Array.from({ length: 10 }, () => book.acquire('t'));
    expect(() => book.acquire('t', 'tok')).toThrow(
      expect.objectContaining({ statusCode: 429, clientToken: 'tok' }),
    );
    expect(() => book.acquire('other')).not.toThrow();
    releases[0]!();
    releases[0]!(); // releasing twice counts once
    expect(() => book.acquire('t')).not.toThrow();
    expect(() => book.acquire('t')).toThrow(expect.objectContaining({ statusCode: 429 }));
  });
});
