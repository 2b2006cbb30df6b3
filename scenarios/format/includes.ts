import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SCENARIOS_ERROR_CODES, type ScenarioIssue } from '../errors.ts';
import { concatLocated, mergeFragment } from './merge.ts';
import { readYaml } from './read-yaml.ts';
import { locate, metaOf, setMeta } from './source-map.ts';

export interface IncludeResult {
  value: Record<string, unknown>;
  issues: (ScenarioIssue & { code: string })[];
  /** Every file read, the scenario's own first. */
  files: string[];
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a YAML file for includes (tests pass a map of files instead of the disk). */
export type ReadText = (file: string) => string;
export const readFromDisk: ReadText = (file) => readFileSync(file, 'utf8');

/**
 * Resolves `include: [files]` (fragments merged under the document, in order) and step-level
 * `- include: file` (that file's steps put in place), recursively, refusing cycles.
 */
export function resolveIncludes(
  doc: Record<string, unknown>,
  file: string | undefined,
  read: ReadText = readFromDisk,
  chain: string[] = file ? [resolve(file)] : [],
): IncludeResult {
  const issues: IncludeResult['issues'] = [];
  const files: string[] = file ? [resolve(file)] : [];
  const baseDir = file ? dirname(resolve(file)) : process.cwd();

  const load = (rel: unknown, pointer: string): Record<string, unknown> | undefined => {
    const fail = (message: string) => {
      const location = locate(doc, pointer);
      issues.push({
        code: SCENARIOS_ERROR_CODES.INCLUDE,
        path: pointer,
        message,
        ...(location ? { location } : {}),
      });
      return undefined;
    };
    if (typeof rel !== 'string') return fail(`include expects a file path, got ${JSON.stringify(rel)}`);
    const target = resolve(baseDir, rel);
    if (chain.includes(target)) return fail(`include cycle: ${[...chain, target].join(' → ')}`);
    let text: string;
    try {
      text = read(target);
    } catch (err) {
      return fail(`cannot read include '${rel}' (${target}): ${(err as Error).message}`);
    }
    const parsed = readYaml(text, target);
    if (parsed.issues.length > 0) {
      issues.push(...parsed.issues.map((i) => ({ ...i, code: SCENARIOS_ERROR_CODES.YAML_SYNTAX })));
      return undefined;
    }
    if (!isMap(parsed.value))
      return fail(`include '${rel}' must hold a YAML map (scenario keys), got ${typeof parsed.value}`);
    const nested = resolveIncludes(parsed.value, target, read, [...chain, target]);
    issues.push(...nested.issues);
    files.push(...nested.files);
    return nested.value;
  };

  let value: Record<string, unknown> = doc;
  // Step-level includes first, in this document's own steps.
  if (Array.isArray(doc.steps)) {
    const parts: unknown[][] = [];
    let run: unknown[] = [];
    const runMeta = metaOf(doc.steps);
    const flush = () => {
      if (run.length === 0) return;
      parts.push(run);
      run = [];
    };
    doc.steps.forEach((step, i) => {
      if (isMap(step) && typeof step.include === 'string' && Object.keys(step).length === 1) {
        flush();
        const frag = load(step.include, `/steps/${i}/include`);
        if (frag && Array.isArray(frag.steps)) parts.push(frag.steps);
        else if (frag) {
          const location = locate(doc, `/steps/${i}/include`);
          issues.push({
            code: SCENARIOS_ERROR_CODES.INCLUDE,
            path: `/steps/${i}/include`,
            message: `a step include needs a file with 'steps:', and '${String(step.include)}' has none`,
            ...(location ? { location } : {}),
          });
        }
      } else {
        const m = runMeta?.values.get(String(i));
        if (m) {
          if (!metaOf(run)) setMeta(run, { loc: m, keys: new Map(), values: new Map() });
          metaOf(run)?.values.set(String(run.length), m);
        }
        run.push(step);
      }
    });
    flush();
    if (parts.length > 0 || doc.steps.length === 0) {
      const steps = concatLocated(parts);
      value = { ...doc, steps };
      const m = metaOf(doc);
      if (m) setMeta(value, m);
    }
  }
  // Then top-level includes, merged under this document.
  if (doc.include !== undefined) {
    const list = Array.isArray(doc.include) ? doc.include : [doc.include];
    let merged: Record<string, unknown> = {};
    list.forEach((rel, i) => {
      const frag = load(rel, Array.isArray(doc.include) ? `/include/${i}` : '/include');
      if (frag) merged = mergeFragment(merged, frag);
    });
    const own = { ...value };
    delete own.include;
    const m = metaOf(value);
    if (m) setMeta(own, m);
    value = mergeFragment(merged, own);
  }
  return { value, issues, files };
}
