import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { issuesError, SCENARIOS_ERROR_CODES } from '../errors.ts';
import type { ScenarioPlan } from '../engine/plan.ts';
import type { StepRegistry } from '../steps/registry.ts';
import type { CodedIssue } from './compile-context.ts';
import { compilePlan } from './compile-plan.ts';
import { fleetTypeIssues, registerScenarioDeviceTypes } from './device-types.ts';
import { readFromDisk, resolveIncludes, type ReadText } from './includes.ts';
import { matrixRows, rowLabel } from './matrix.ts';
import { substitute, type Params } from './params.ts';
import { readYaml } from './read-yaml.ts';
import type { ScenarioDoc } from './schema/scenario.ts';
import { locate } from './source-map.ts';

/** One runnable scenario: a document with its parameters filled in (one per matrix row). */
export interface ScenarioInstance {
  /** Unique in a suite: file (or name) plus the matrix row. */
  key: string;
  /** The scenario's name, with the matrix row when there is one: `trips [curve=B]`. */
  name: string;
  file?: string;
  /** The matrix row, when the scenario has a matrix. */
  row?: Params;
  params: Params;
  doc: ScenarioDoc;
  /** What the engine runs: the document compiled once (kinds resolved, durations in ms, names checked). */
  plan: ScenarioPlan;
  tags: string[];
  /** Runs alone: asked for, or implied by restarting the broker or InfluxDB (or by a section). */
  exclusive: boolean;
}

export interface PrepareOptions {
  file?: string;
  read?: ReadText;
  /** The step kinds the scenario may use; default the registry `registerAction` and friends add to. */
  registry?: StepRegistry;
  /**
   * A tag selection: a document that declares tags this refuses is not compiled (no instances, no
   * problems), so a suite selected by tag does not need the step kinds of files it does not run. A
   * document without tags is always compiled.
   */
  select?: (tags: readonly string[]) => boolean;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns a parsed document (from YAML or the TypeScript API) into runnable instances: includes, then one
 * instance per matrix row with `${params}` filled in, each checked against the schema and for names that
 * must exist. Every problem is reported at once, with file:line:col where the document came from YAML.
 */
export function prepareScenario(raw: unknown, options: PrepareOptions = {}): ScenarioInstance[] {
  const name = options.file ?? (isMap(raw) && typeof raw.name === 'string' ? raw.name : 'scenario');
  if (!isMap(raw))
    throw issuesError(
      SCENARIOS_ERROR_CODES.SCHEMA,
      [{ path: '', message: 'expected a map with name and steps' }],
      name,
    );
  const included = resolveIncludes(raw, options.file, options.read ?? readFromDisk);
  const merged = included.value;
  fail(included.issues, merged, name);
  // Before the plan is compiled: fleets and steps may name these types.
  fail(registerScenarioDeviceTypes(merged, options.file), merged, name);
  const tagList = Array.isArray(merged.tags) ? merged.tags : [];
  if (options.select && tagList.length > 0 && tagList.every((t) => typeof t === 'string'))
    if (!options.select(tagList as string[])) return [];

  const { params: declared, matrix, ...body } = merged;
  const defaults = (isMap(declared) ? declared : {}) as Params;
  const rows = matrixRows(matrix);
  const all: CodedIssue[] = [];
  const instances: ScenarioInstance[] = [];
  for (const row of rows) {
    const params = { ...defaults, ...row };
    const issues: CodedIssue[] = [];
    const doc = substitute(body, params, merged, issues) as Record<string, unknown>;
    if (declared !== undefined) doc.params = declared;
    if (matrix !== undefined) doc.matrix = matrix;
    const compiled = compilePlan(doc, {
      source: merged,
      ...(options.file ? { file: options.file } : {}),
      ...(options.registry ? { registry: options.registry } : {}),
    });
    issues.push(...compiled.issues, ...fleetTypeIssues(doc));
    all.push(...issues);
    if (issues.length > 0) continue;
    const scenario = doc as unknown as ScenarioDoc;
    const label = rows.length > 1 || matrix !== undefined ? rowLabel(row) : '';
    instances.push({
      key: `${options.file ?? scenario.name}${label ? ` [${label}]` : ''}`,
      name: label ? `${scenario.name} [${label}]` : scenario.name,
      ...(options.file ? { file: options.file } : {}),
      ...(label ? { row } : {}),
      params,
      doc: scenario,
      plan: compiled.plan,
      tags: scenario.tags ?? [],
      exclusive: compiled.plan.exclusive,
    });
  }
  fail(all, merged, name);
  return instances;
}

function fail(issues: CodedIssue[], root: unknown, name: string): void {
  if (issues.length === 0) return;
  const seen = new Set<string>();
  const located = issues
    .map((i) => {
      const location = i.location ?? locate(root, i.path, i.atKey === true);
      return { ...i, ...(location ? { location } : {}) };
    })
    .filter((i) => {
      const key = `${i.location?.file}:${i.location?.line}:${i.location?.col}:${i.path}:${i.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0),
    );
  const first = located[0];
  throw issuesError((first?.code ?? SCENARIOS_ERROR_CODES.SCHEMA) as never, located, name);
}

/** Parses YAML text; problems come back with file:line:col. */
export function loadScenarioText(
  text: string,
  file: string,
  read?: ReadText,
  o: Pick<PrepareOptions, 'registry' | 'select'> = {},
): ScenarioInstance[] {
  const parsed = readYaml(text, file);
  if (parsed.issues.length > 0) throw issuesError(SCENARIOS_ERROR_CODES.YAML_SYNTAX, parsed.issues, file);
  return prepareScenario(parsed.value, { file, ...(read ? { read } : {}), ...o });
}

export async function loadScenarioFile(
  file: string,
  o: Pick<PrepareOptions, 'registry' | 'select'> = {},
): Promise<ScenarioInstance[]> {
  const path = resolve(file);
  return loadScenarioText(await readFile(path, 'utf8'), path, undefined, o);
}
