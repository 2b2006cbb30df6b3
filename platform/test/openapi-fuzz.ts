// Bad requests generated from an OpenAPI 3 document: for each operation, a valid baseline (the path
// parameters a test gives) with one parameter or body property replaced by a bad value. Seeded, so a
// failure names a request that can be replayed.

interface Schema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
}

export interface FuzzRequest {
  method: string;
  /** Path and query, URL-encoded. */
  url: string;
  /** Raw body text (JSON or deliberately not), or undefined. */
  body?: string;
  /** What was made bad, for the failure message. */
  what: string;
}

/** Bad values for a parameter or a property, as text (query and path) — wrong types, huge, empty, long, odd characters. */
export const BAD_TEXT: readonly string[] = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '-99999999999999999999',
  '9007199254740993',
  'Infinity',
  '-Infinity',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '0x10',
  '1_000',
  '-99999999999d',
  '99999999999999999999d',
  '0s',
  '1ms',
  'now',
  '-1h',
  '2262-04-12T00:00:00Z',
  '1677-09-20T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  'time',
  'device_id',
  'mean,min,max,median',
  ',,,,',
  "'",
  '"',
  '\\',
  '\\\\',
  "x' OR 1=1 --",
  'a"; DROP DATABASE twinbench; --',
  '../../etc/passwd',
  '%',
  '%00',
  '\u0000',
  '\n',
  '\r\n',
  '\t',
  'ü',
  '中文',
  '😀',
  '\u202e',
  '\ufeff',
  'x'.repeat(129),
  'x'.repeat(4_000),
  'a,'.repeat(500),
];

/** Bad JSON values for a body property. */
export const BAD_JSON: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  'x'.repeat(10_000),
  '😀\u0000\\"',
  [],
  [null],
  {},
  { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } },
  Array.from({ length: 1_000 }, (_, i) => i),
];

/** Bodies that are not a JSON object at all. */
const BAD_BODIES: readonly string[] = [
  '',
  'null',
  '[]',
  '"text"',
  '{',
  '{"a":',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
  '\u0000',
  '1e309',
];

/** Mulberry32: a small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/**
 * `count` bad requests over every operation of `doc` (skipping `skip` paths), each with one thing made
 * bad: a path parameter, a query parameter (sometimes given twice), a body property, or the whole body.
 * `pathValues` gives the valid value of each path parameter (e.g. `{ id: 'env-1' }`).
 */
export function* badRequests(
  doc: OpenApiDoc,
  opts: { count: number; seed: number; pathValues: Record<string, string>; skip?: (path: string) => boolean },
): Generator<FuzzRequest> {
  const rand = seeded(opts.seed);
  // Every (operation, target) pair in turn, each walking through BAD_TEXT from its own offset: with
  // 2 000 requests each query parameter meets nearly every bad value, not a random few.
  const pairs: { method: string; path: string; op: Operation; target: string; offset: number }[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    if (opts.skip?.(path)) continue;
    for (const [method, op] of Object.entries(byMethod)) {
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const targets = [
        ...params.filter((p) => p.in === 'path' || p.in === 'query').map((p) => `${p.in}:${p.name}`),
        ...(bodySchema ? ['body', ...Object.keys(bodySchema.properties ?? {}).map((k) => `prop:${k}`)] : []),
      ];
      if (targets.length === 0) targets.push('none');
      for (const target of targets)
        pairs.push({
          method: method.toUpperCase(),
          path,
          op,
          target,
          offset: Math.floor(rand() * BAD_TEXT.length),
        });
    }
  }
  for (let i = 0; i < opts.count; i++) {
    const { method, path, op, target, offset } = pairs[i % pairs.length]!;
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const bad = BAD_TEXT[(offset + Math.floor(i / pairs.length)) % BAD_TEXT.length]!;
    let url = path;
    for (const p of pathParams) {
      const value = target === `path:${p.name}` ? bad : (opts.pathValues[p.name] ?? 'x');
      url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    }
    const query = new URLSearchParams();
    for (const p of queryParams) {
      if (target === `query:${p.name}`) {
        query.append(p.name, bad);
        if (rand() < 0.1) query.append(p.name, pick(rand, BAD_TEXT));
      } else if (rand() < 0.3) query.append(p.name, pick(rand, BAD_TEXT));
    }
    const qs = query.toString();
    if (qs) url += `?${qs}`;
    let body: string | undefined;
    let what =
      target === 'none' ? 'nothing (a plain request)' : `${target} = ${JSON.stringify(bad.slice(0, 40))}`;
    if (bodySchema) {
      const valid: Record<string, unknown> = {};
      for (const k of bodySchema.required ?? []) valid[k] = 'x';
      if (target === 'body') {
        body = pick(rand, BAD_BODIES);
        what = `body = ${JSON.stringify(body.slice(0, 40))}`;
      } else if (target.startsWith('prop:')) {
        const value = rand() < 0.5 ? bad : pick(rand, BAD_JSON);
        valid[target.slice(5)] = value;
        body = JSON.stringify(valid);
        what = `${target} = ${JSON.stringify(value)?.slice(0, 40)}`;
      } else body = JSON.stringify(valid);
    }
    yield { method, url, ...(body !== undefined ? { body } : {}), what };
  }
}
