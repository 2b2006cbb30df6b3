import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import type { ScenarioIssue, SourceLocation } from '../errors.ts';
import { setMeta, type NodeMeta } from './source-map.ts';

export interface YamlRead {
  value: unknown;
  issues: ScenarioIssue[];
}

/** Parses YAML into plain values and remembers, for every map and list, where each key and value was. */
export function readYaml(text: string, file: string): YamlRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file, line, col };
  };
  if (doc.errors.length > 0) {
    // The first error is the one to fix; the rest usually follow from it.
    const first = doc.errors[0] as (typeof doc.errors)[number];
    const line = text.split('\n')[at(first.pos[0]).line - 1] ?? '';
    const hint =
      /flow|map/i.test(first.message) && /\{[^}]*\{|\$\{/.test(line)
        ? " (a '{' inside '{ … }' starts a map: quote values such as 'env-{n:02}' or '${param}')"
        : '';
    const more = doc.errors.length > 1 ? ` (${doc.errors.length - 1} more error(s) follow from it)` : '';
    return {
      value: undefined,
      issues: [
        {
          path: '',
          message: `YAML: ${first.message.split('\n')[0]}${hint}${more}`,
          location: at(first.pos[0]),
        },
      ],
    };
  }
  return { value: toValue(doc, doc.contents, at, 0), issues: [] };
}

function toValue(
  doc: Document,
  node: unknown,
  at: (offset: number | undefined) => SourceLocation,
  depth: number,
): unknown {
  if (depth > 100) throw new Error('YAML nested too deeply (aliases that refer to themselves?)');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toValue(doc, node.resolve(doc), at, depth + 1);
  if (isScalar(node)) return node.toJS(doc) as unknown;
  if (isSeq(node)) {
    const out: unknown[] = [];
    const meta: NodeMeta = { loc: at(node.range?.[0]), keys: new Map(), values: new Map() };
    node.items.forEach((item, i) => {
      meta.values.set(String(i), at((item as Node | null)?.range?.[0] ?? node.range?.[0]));
      out.push(toValue(doc, item, at, depth + 1));
    });
    setMeta(out, meta);
    return out;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const meta: NodeMeta = { loc: at(node.range?.[0]), keys: new Map(), values: new Map() };
    const merges: unknown[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = String(isScalar(keyNode) ? keyNode.value : (keyNode?.toJSON() ?? ''));
      const valueNode = pair.value as Node | null;
      if (key === '<<') {
        merges.push(toValue(doc, valueNode, at, depth + 1));
        continue;
      }
      meta.keys.set(key, at(keyNode?.range?.[0]));
      meta.values.set(key, at(valueNode?.range?.[0] ?? keyNode?.range?.[0]));
      out[key] = toValue(doc, valueNode, at, depth + 1);
    }
    // YAML merge keys (<<: *defaults): earlier keys win, as the spec says.
    for (const m of merges.flat()) {
      if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
      for (const [k, v] of Object.entries(m)) if (!(k in out)) out[k] = v;
    }
    setMeta(out, meta);
    return out;
  }
  return (node as { toJSON?: () => unknown }).toJSON?.() ?? null;
}
