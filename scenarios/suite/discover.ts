import { glob, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const SCENARIO_FILE = /(\.ya?ml|\.scenario\.ts)$/;

/** Directories walked for scenarios skip fragment folders and `_`-files (shared parts are included, not run). */
const skipped = (name: string) => name === 'fragments' || name.startsWith('_') || name.startsWith('.');

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (skipped(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (SCENARIO_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

/** Scenario files from paths: a file, a directory (walked), or a glob (`scenarios/library/*.yaml`). */
export async function discoverFiles(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  for (const p of patterns) {
    const abs = resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isDirectory()) for (const f of await walk(abs)) files.add(f);
    else if (info?.isFile()) files.add(abs);
    else {
      const found: string[] = [];
      for await (const f of glob(p, { cwd })) if (SCENARIO_FILE.test(f)) found.push(resolve(cwd, f));
      for (const f of found.sort()) files.add(f);
    }
  }
  return [...files];
}

/** Tag selection: any of the plain tags (all when none are given), none of the `!tags`. */
export function matchesTags(tags: readonly string[], wanted: readonly string[] = []): boolean {
  const include = wanted.filter((t) => !t.startsWith('!'));
  const exclude = wanted.filter((t) => t.startsWith('!')).map((t) => t.slice(1));
  if (exclude.some((t) => tags.includes(t))) return false;
  return include.length === 0 || include.some((t) => tags.includes(t));
}
