import type { SourceLocation } from '../errors.ts';

/** Where an object parsed from YAML came from: itself, each key, each value (by key or index). */
export interface NodeMeta {
  loc: SourceLocation;
  keys: Map<string, SourceLocation>;
  values: Map<string, SourceLocation>;
}

const META = new WeakMap<object, NodeMeta>();

export function setMeta(obj: object, meta: NodeMeta): void {
  META.set(obj, meta);
}

export function metaOf(obj: unknown): NodeMeta | undefined {
  return typeof obj === 'object' && obj !== null ? META.get(obj) : undefined;
}

const decode = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The closest known source location of a JSON pointer in a tree built by `readYaml` (and kept through
 * includes, parameters and the matrix): the value itself, or the key when `atKey`.
 */
export function locate(root: unknown, pointer: string, atKey = false): SourceLocation | undefined {
  let obj: unknown = root;
  let best = metaOf(root)?.loc;
  const segs = pointer === '' ? [] : pointer.slice(1).split('/').map(decode);
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string;
    const meta = metaOf(obj);
    if (!meta) break;
    const last = i === segs.length - 1;
    const found = (last && atKey ? meta.keys.get(seg) : undefined) ?? meta.values.get(seg);
    if (found) best = found;
    obj = (obj as Record<string, unknown>)[seg];
    if (typeof obj !== 'object' || obj === null) break;
  }
  return best;
}
