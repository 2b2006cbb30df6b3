import { durationError, tryParseDuration } from '../../twin/index.ts';
import { SCENARIOS_ERROR_CODES, type ScenarioIssue } from '../errors.ts';
import type { CompileContext, SectionValues, StepCompileContext } from '../steps/types.ts';
import { locate } from './source-map.ts';

/** A problem found while loading, with its code; `atKey` points at the key rather than its value. */
export type CodedIssue = ScenarioIssue & { code: string; atKey?: boolean };

/** What one compilation shares: the file, the fleets, names defined so far, and the problems found. */
export class CompileState {
  readonly issues: CodedIssue[] = [];
  readonly #names = new Map<string, Set<string>>();

  readonly file: string | undefined;
  readonly fleets: readonly string[];
  readonly #root: unknown;

  /** `root`: the document as read (with its source map), so a value from an include names that file. */
  constructor(file: string | undefined, fleets: readonly string[], root?: unknown) {
    this.file = file;
    this.fleets = fleets;
    this.#root = root;
  }

  readonly #said = new Set<string>();

  /** True the first time `what` is asked (long lists are said once per scenario, not per step). */
  once(what: string): boolean {
    if (this.#said.has(what)) return false;
    this.#said.add(what);
    return true;
  }

  add(code: string, path: string, message: string, atKey = false): void {
    this.issues.push({ code, path, message, ...(atKey ? { atKey } : {}) });
  }

  /** A context for the value at `path` (a JSON pointer). */
  context(path: string): CompileContext {
    const at = (rel = '') => `${path}${rel}`;
    const ctx: CompileContext = {
      file: (this.#root !== undefined ? locate(this.#root, path)?.file : undefined) ?? this.file,
      path,
      fleets: this.fleets,
      error: (message, rel) => this.add(SCENARIOS_ERROR_CODES.SCHEMA, at(rel), message),
      badReference: (message, rel) => this.add(SCENARIOS_ERROR_CODES.BAD_REFERENCE, at(rel), message),
      durationMs: (input, rel) => {
        const ms = tryParseDuration(input);
        if (ms !== undefined) return ms;
        ctx.error(durationError(input), rel);
        return 0;
      },
      fleet: (name, rel) => {
        if (name === undefined || this.fleets.includes(name)) return;
        ctx.badReference(
          `no fleet named '${name}' (fleets: ${this.fleets.length ? this.fleets.join(', ') : 'none defined'})`,
          rel,
        );
      },
    };
    return ctx;
  }

  /** A step's context: the common one, the compiled sections, and names steps define for later ones. */
  stepContext(path: string, sections: SectionValues): StepCompileContext {
    const base = this.context(path);
    return {
      ...base,
      sections,
      define: (namespace, name, rel) => {
        const set = this.#names.get(namespace) ?? new Set<string>();
        this.#names.set(namespace, set);
        if (set.has(name)) base.badReference(`'as: ${name}' is used twice`, rel);
        set.add(name);
      },
      defined: (namespace, name) => this.#names.get(namespace)?.has(name) ?? false,
    };
  }
}

/** Sections by key, for compile and run contexts. */
export function sectionValues(values: ReadonlyMap<string, unknown>): SectionValues {
  return {
    has: (key) => values.has(key),
    get: <T>(key: string) => values.get(key) as T | undefined,
  };
}

/** Edit distance, for "did you mean" (small strings only). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}
