import { metaOf, setMeta, type NodeMeta } from './source-map.ts';

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function metaFor(target: object, sources: object[]): NodeMeta {
  const metas = sources.map(metaOf).filter((m): m is NodeMeta => m !== undefined);
  const first = metas[metas.length - 1] ?? metas[0];
  const meta: NodeMeta = {
    loc: first?.loc ?? { file: '', line: 0, col: 0 },
    keys: new Map(),
    values: new Map(),
  };
  if (metas.length > 0) setMeta(target, meta);
  return meta;
}

/** An array from several, keeping where each item came from. */
export function concatLocated(parts: unknown[][]): unknown[] {
  const out: unknown[] = [];
  const meta = metaFor(out, parts);
  for (const part of parts) {
    const m = metaOf(part);
    part.forEach((item, i) => {
      const loc = m?.values.get(String(i));
      if (loc) meta.values.set(String(out.length), loc);
      out.push(item);
    });
  }
  return out;
}

/**
 * Merges a fragment under a scenario: maps merge deeply (the scenario wins), `steps` and `fleets` add up
 * (a scenario fleet replaces a fragment fleet of the same name), `tags` join, other lists are replaced.
 */
export function mergeFragment(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  path = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const meta = metaFor(out, [base, over]);
  const copy = (src: Record<string, unknown>, key: string) => {
    const m = metaOf(src);
    const k = m?.keys.get(key);
    const v = m?.values.get(key);
    if (k) meta.keys.set(key, k);
    if (v) meta.values.set(key, v);
  };
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    const a = base[key];
    const b = over[key];
    if (b === undefined) {
      out[key] = a;
      copy(base, key);
      continue;
    }
    copy(over, key);
    if (a === undefined) out[key] = b;
    else if (path === '' && (key === 'steps' || key === 'tags') && Array.isArray(a) && Array.isArray(b)) {
      out[key] = key === 'tags' ? [...new Set([...a, ...b])] : concatLocated([a, b]);
    } else if (path === '' && key === 'fleets' && Array.isArray(a) && Array.isArray(b)) {
      const names = new Set(b.map((f) => (isMap(f) ? f.name : undefined)));
      const kept = a.filter((f) => !(isMap(f) && names.has(f.name)));
      out[key] = concatLocated([kept.length === a.length ? a : kept, b]);
    } else if (isMap(a) && isMap(b)) out[key] = mergeFragment(a, b, `${path}/${key}`);
    else out[key] = b;
  }
  return out;
}
