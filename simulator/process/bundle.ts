/**
 * The simulator process as one precompiled JavaScript file. Node 24 runs simulator/main.ts as is, but type
 * stripping loads a TypeScript compiler (amaro, ~17 MB of RSS) and ~200 separate modules into every
 * simulator process; a bundle of main.ts (esbuild, a devDependency) starts in a third of a second at
 * ~40 MB less (docs/simulator.md "Memory"). Built on first use into node_modules/.cache/twinbench/ (a
 * file per checkout) and rebuilt when one of its inputs changed; without esbuild (or with
 * TWINBENCH_SIM_BUNDLE=0) the process runs main.ts through type stripping as before.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = path.join(ROOT, 'simulator/main.ts');
const OUT_DIR = path.join(ROOT, 'node_modules/.cache/twinbench');
// One bundle per checkout: clones that share this node_modules (a symlink, as CI's clean clones here do)
// would otherwise overwrite each other's bundle, and a process could start another checkout's code.
const OUT = path.join(
  OUT_DIR,
  `simulator-main-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.cjs`,
);
const INPUTS = `${OUT}.inputs.json`;

/**
 * V8 flags of a simulator process, measured (docs/simulator.md "Scale"): a 1 MB young generation and
 * --optimize-for-size keep a 10,000-device process ~30 MB smaller than --max-semi-space-size=8 alone;
 * without the two middle tiers (Sparkplug, Maglev; TurboFan still optimizes hot code) it is ~8 MB
 * smaller again, at the same publish rate in a virtual-time jump.
 */
export const SIMULATOR_EXEC_ARGV = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  '--no-sparkplug',
  '--no-maglev',
];

/**
 * Environment of a simulator process, measured (docs/simulator.md "Scale"): glibc's malloc hands blocks
 * of 32 KiB and more back to the system when they are freed instead of keeping them in its heap (V8's
 * parser and compilers free most of what they take): ~7 MB less with one device, ~5 MB at 10,000. Only
 * glibc reads it; a value already in the environment wins.
 */
export const SIMULATOR_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '32768' };

export interface SimulatorEntry {
  /** The file to run: the bundle, or simulator/main.ts. */
  path: string;
  bundled: boolean;
  /** Why it is not bundled, if it is not. */
  why?: string;
}

/** True when the bundle exists and none of its inputs (nor the lock file) is newer. */
async function fresh(): Promise<boolean> {
  try {
    const built = (await stat(OUT)).mtimeMs;
    const inputs = JSON.parse(await readFile(INPUTS, 'utf8')) as string[];
    for (const f of [...inputs, 'package-lock.json']) {
      if ((await stat(path.join(ROOT, f))).mtimeMs > built) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Our own modules do nothing when imported but declare (no registration at import: a module's effects
 * come from calling what it exports), so esbuild may leave out every one the simulator does not use.
 * Without this it keeps each module reached through a door whose top level calls something (a TypeBox
 * schema, a compiled profile): the contract's golden messages and AsyncAPI document, say.
 */
const OWN_MODULES_ARE_PURE: Plugin = {
  name: 'own-modules-are-pure',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (a) => {
      const file = path.resolve(a.resolveDir, a.path);
      return file.startsWith(ROOT) && !file.includes('/node_modules/')
        ? { path: file, sideEffects: false }
        : undefined;
    });
  },
};

async function build(): Promise<void> {
  const esbuild = await import('esbuild');
  await mkdir(OUT_DIR, { recursive: true });
  // Another process may build at the same time: each writes its own file and renames it into place.
  const tmp = `${OUT}.${process.pid}.tmp`;
  // Dated when the build started: a source saved while esbuild runs makes the bundle stale, not fresh.
  const started = new Date();
  const result = await esbuild.build({
    entryPoints: [SOURCE],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    // CommonJS: an ES module entry loads Node's ESM loader too (~3.5 MB of RSS, measured).
    format: 'cjs',
    target: 'node24',
    outfile: tmp,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    // No comments kept: one non-ASCII character in them makes V8 hold the whole source as UTF-16.
    minifyWhitespace: true,
    keepNames: true,
    plugins: [OWN_MODULES_ARE_PURE],
  });
  // This file too: a change in how the bundle is built makes a new one.
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')),
    'simulator/process/bundle.ts',
  ];
  await writeFile(`${INPUTS}.${process.pid}.tmp`, JSON.stringify(inputs));
  await rename(`${INPUTS}.${process.pid}.tmp`, INPUTS);
  await utimes(tmp, started, started);
  await rename(tmp, OUT);
}

/** The entry a simulator process runs: the bundle (built or rebuilt first if needed), else main.ts. */
export async function simulatorEntry(
  env: Record<string, string | undefined> = process.env,
): Promise<SimulatorEntry> {
  if (env.TWINBENCH_SIM_BUNDLE === '0')
    return { path: SOURCE, bundled: false, why: 'TWINBENCH_SIM_BUNDLE=0' };
  try {
    if (!(await fresh())) await build();
    return { path: OUT, bundled: true };
  } catch (err) {
    return { path: SOURCE, bundled: false, why: (err as Error).message.split('\n')[0] ?? 'unknown' };
  }
}
