import { pathToFileURL } from 'node:url';
import { isScenarioDefinition, type ScenarioDefinition } from '../api/builders.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError, codeOf } from '../errors.ts';
import {
  loadScenarioFile,
  prepareScenario,
  type PrepareOptions,
  type ScenarioInstance,
} from '../format/load-scenario.ts';
import type { StepRegistry } from '../steps/registry.ts';
import { discoverFiles, matchesTags } from './discover.ts';
import type { InvalidFile } from './results.ts';

type LoadOptions = Pick<PrepareOptions, 'registry' | 'select'>;

export interface SuiteSelection {
  paths?: readonly string[];
  definitions?: readonly ScenarioDefinition[];
  tags?: readonly string[];
  /** Only scenarios whose name contains this. */
  grep?: string;
  cwd?: string;
  /** The step kinds scenarios may use. Default: the registry `registerAction` and friends add to. */
  registry?: StepRegistry;
}

async function loadModule(file: string, o: LoadOptions): Promise<ScenarioInstance[]> {
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const defs = Object.values(mod)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter(isScenarioDefinition);
  if (defs.length === 0)
    throw new ScenarioError(
      SCENARIOS_ERROR_CODES.BAD_MODULE,
      `${file} exports no scenario: export default scenario('name', { steps: [...] })`,
    );
  return defs.flatMap((d) => prepareScenario(d.doc, { file, ...o }));
}

/** Every scenario instance the selection names, and the files that could not be loaded. */
export async function loadSuite(
  sel: SuiteSelection,
): Promise<{ instances: ScenarioInstance[]; invalid: InvalidFile[] }> {
  const instances: ScenarioInstance[] = [];
  const invalid: InvalidFile[] = [];
  const files = sel.paths ? await discoverFiles(sel.paths, sel.cwd) : [];
  // Selection by tag comes first: a file whose declared tags are not selected is not compiled.
  const o: LoadOptions = {
    ...(sel.registry ? { registry: sel.registry } : {}),
    ...(sel.tags && sel.tags.length > 0
      ? { select: (tags: readonly string[]) => matchesTags(tags, sel.tags) }
      : {}),
  };
  for (const file of files) {
    try {
      instances.push(...(file.endsWith('.ts') ? await loadModule(file, o) : await loadScenarioFile(file, o)));
    } catch (err) {
      invalid.push({
        file,
        code: codeOf(err, SCENARIOS_ERROR_CODES.BAD_MODULE),
        message: (err as Error).message,
      });
    }
  }
  for (const def of sel.definitions ?? []) {
    try {
      instances.push(...prepareScenario(def.doc, o));
    } catch (err) {
      invalid.push({
        file: def.doc.name,
        code: codeOf(err, SCENARIOS_ERROR_CODES.SCHEMA),
        message: (err as Error).message,
      });
    }
  }
  const selected = instances.filter(
    (i) => matchesTags(i.tags, sel.tags) && (!sel.grep || i.name.includes(sel.grep)),
  );
  return { instances: selected, invalid };
}
