import { MATCHER_KEYS } from '../format/schema/common.ts';

/** A comparison on one value, with words for reports ("> 5", "equals \"tripped\""). */
export interface Matcher {
  test(actual: unknown): boolean;
  describe(): string;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export const showValue = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function one(key: string, arg: unknown): Matcher {
  const n = arg as number;
  const cmp = (ok: (x: number) => boolean, words: string): Matcher => ({
    test: (a) => {
      const x = num(a);
      return x !== undefined && ok(x);
    },
    describe: () => words,
  });
  switch (key) {
    case 'equals':
      return { test: (a) => deepEqual(a, arg), describe: () => `equals ${showValue(arg)}` };
    case 'not_equals':
      return { test: (a) => !deepEqual(a, arg), describe: () => `not equal to ${showValue(arg)}` };
    case 'gt':
      return cmp((x) => x > n, `> ${n}`);
    case 'gte':
      return cmp((x) => x >= n, `>= ${n}`);
    case 'lt':
      return cmp((x) => x < n, `< ${n}`);
    case 'lte':
      return cmp((x) => x <= n, `<= ${n}`);
    case 'between': {
      const [lo, hi] = arg as [number, number];
      return cmp((x) => x >= lo && x <= hi, `between ${lo} and ${hi}`);
    }
    case 'one_of': {
      const list = arg as unknown[];
      return {
        test: (a) => list.some((x) => deepEqual(a, x)),
        describe: () => `one of ${list.map(showValue).join(', ')}`,
      };
    }
    case 'exists':
      return {
        test: (a) => (a !== undefined && a !== null) === arg,
        describe: () => (arg ? 'exists' : 'is absent'),
      };
    case 'matches': {
      const re = new RegExp(arg as string);
      return { test: (a) => typeof a === 'string' && re.test(a), describe: () => `matches /${re.source}/` };
    }
    default:
      throw new Error(`unknown matcher ${key}`);
  }
}

/** The matchers in `spec` (equals, gt, …) as one: all must hold. Undefined when there are none. */
export function compileMatchers(spec: Record<string, unknown>): Matcher | undefined {
  const parts = MATCHER_KEYS.filter((k) => spec[k] !== undefined).map((k) => one(k, spec[k]));
  if (parts.length === 0) return undefined;
  return {
    test: (a) => parts.every((p) => p.test(a)),
    describe: () => parts.map((p) => p.describe()).join(' and '),
  };
}

export function requireMatchers(spec: Record<string, unknown>, fallback?: Matcher): Matcher {
  const m = compileMatchers(spec) ?? fallback;
  if (!m) throw new Error(`say what to expect: ${MATCHER_KEYS.join(', ')}`);
  return m;
}
