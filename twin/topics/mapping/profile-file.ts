/**
 * A topic profile from YAML or JSON text (a profile file), checked against the published schema with
 * every problem placed at its file:line:col, then compiled. Text only: reading the file is the caller's.
 */
import { Compile } from 'typebox/compile';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { TWIN_ERROR_CODES as E, TwinError } from '../../errors.ts';
import { TopicProfileSpecSchema } from '../profile-schema.ts';
import { compileProfile, type TopicProfile, type TopicProfileSpec } from '../profiles.ts';

interface RawError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

let check: ReturnType<typeof Compile<typeof TopicProfileSpecSchema>> | undefined;

const MAX_SHOWN = 20;

function fileError(source: string, lines: string[]): TwinError {
  const shown = lines.slice(0, MAX_SHOWN).map((l) => `  ${l}`);
  if (lines.length > MAX_SHOWN) shown.push(`  … and ${lines.length - MAX_SHOWN} more`);
  return new TwinError(
    E.TOPIC_BAD_PROFILE,
    `Invalid topic profile file ${source} (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${shown.join('\n')}\nSee docs/byo-firmware.md for the profile and mapping reference.`,
  );
}

/** The YAML node at `path` (its key node for `onKey`), or the nearest existing parent. */
function nodeAt(doc: Document, path: string[], onKey: string | undefined): Node | undefined {
  if (onKey !== undefined) {
    const parent = doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === onKey);
      if (pair?.key && typeof pair.key === 'object') return pair.key as Node;
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}

const unescape = (s: string) => s.replaceAll('~1', '/').replaceAll('~0', '~');

function describe(e: RawError): { text: string; onKey?: string } {
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params.additionalProperties as string[] | undefined)?.[0] ?? '?';
    return { text: `"${extra}" is not a known key here`, onKey: extra };
  }
  if (e.keyword === 'required') {
    const missing = (e.params.requiredProperties as string[] | undefined)?.join(', ') ?? '';
    return { text: `missing ${missing}` };
  }
  if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues))
    return {
      text: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
    };
  return { text: e.message };
}

/** A profile from YAML/JSON text; throws `TwinError` listing `source:line:col: path: problem`. */
export function parseProfileText(
  text: string,
  source = '<profile>',
): { spec: TopicProfileSpec; profile: TopicProfile } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw fileError(
      source,
      doc.errors.map((e) => `${at(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`),
    );
  }
  const value: unknown = doc.toJS();
  check ??= Compile(TopicProfileSpecSchema);
  if (!check.Check(value)) {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const e of check.Errors(value) as readonly RawError[]) {
      if (e.keyword === 'false' || e.message === 'schema is false') continue; // repeats additionalProperties
      // A union's branches each report; the first line per place is the one to read.
      const path = e.instancePath.split('/').slice(1).map(unescape);
      const { text: what, onKey } = describe(e);
      const node = nodeAt(doc, path, onKey);
      const where = node?.range ? at(node.range[0]) : source;
      const line = `${where}: ${path.join('.') || '(top)'}: ${what}`;
      if (seen.has(where + path.join('.'))) continue;
      seen.add(where + path.join('.'));
      lines.push(line);
    }
    throw fileError(source, lines);
  }
  const spec = value as TopicProfileSpec;
  try {
    return { spec, profile: compileProfile(spec) };
  } catch (err) {
    if (err instanceof TwinError) {
      // compileProfile names the pattern or mapping part it refuses: point there when it is a top-level key.
      const key = Object.keys(spec).find(
        (k) => err.message.includes(`${k} pattern`) || err.message.includes(`${k}.`),
      );
      const node = nodeAt(doc, key === undefined ? [] : [key], undefined);
      const where = node?.range ? at(node.range[0]) : source;
      throw fileError(source, [`${where}: ${err.message}`]);
    }
    throw err;
  }
}
