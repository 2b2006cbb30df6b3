// Stages the build context of an app image (platform or simulator): the sources its process imports,
// found by following the imports from its entry with esbuild, and exactly the npm packages those
// sources import, installed with their dependencies. A process image carries only what it runs: the
// script fails if container tooling (testcontainers) would land in one. The simulator image instead gets
// the one-file bundle `twinbench simulate` runs (every package inside it) and a launcher script with the
// same V8 flags and environment, generated from the simulator's own constants (simulator/process/).
//   node scripts/stage-image.ts platform|simulator OUT_DIR
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APPS: Record<string, { entry: string; extra: string[]; bundled?: boolean }> = {
  platform: { entry: 'platform/main.ts', extra: ['viewer/dist', 'twin/json'] },
  simulator: { entry: 'simulator/main.ts', extra: [], bundled: true },
};
const FORBIDDEN = ['testcontainers', 'vitest', 'artillery'];

const [app, outArg] = process.argv.slice(2);
const spec = app ? APPS[app] : undefined;
if (!spec || !outArg) {
  console.error(`usage: node scripts/stage-image.ts ${Object.keys(APPS).join('|')} OUT_DIR`);
  process.exit(2);
}
const out = resolve(outArg);
const appDir = join(out, 'app');
rmSync(out, { recursive: true, force: true });
mkdirSync(appDir, { recursive: true });

// Follow the imports: which of our files the process loads, and which packages.
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: [spec.entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  metafile: true,
  write: false,
  logLevel: 'silent',
}).catch((err: { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
  const why = (err.errors ?? []).map(
    (e) => `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`,
  );
  console.error(`[stage] ${spec.entry} does not build:\n${why.join('\n')}`);
  process.exit(1);
});
const packages = new Set<string>();
for (const input of Object.values(result.metafile.inputs)) {
  for (const imp of input.imports) {
    if (!imp.external || imp.path.startsWith('node:') || imp.path.startsWith('.')) continue;
    const parts = imp.path.split('/');
    packages.add(imp.path.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string));
  }
}
const bad = [...packages].filter((p) => FORBIDDEN.includes(p));
if (bad.length > 0) {
  console.error(`${spec.entry} imports ${bad.join(', ')}: a service image must not carry it (style.md).`);
  process.exit(1);
}

for (const f of ['entrypoint.mjs', 'healthcheck.mjs']) {
  const src = join(ROOT, 'stack/images', app as string, f);
  if (existsSync(src)) cpSync(src, join(appDir, f));
}

if (spec.bundled) {
  // The image runs exactly what a forked simulator worker runs: the bundle, its flags, its environment.
  const { simulatorEntry, simulatorLauncher, SIMULATOR_EXEC_ARGV } = await import('../simulator/index.ts');
  const entry = await simulatorEntry({});
  if (!entry.bundled) {
    console.error(`[stage] the simulator bundle could not be built: ${entry.why}`);
    process.exit(1);
  }
  cpSync(entry.path, join(appDir, 'simulator.cjs'));
  writeFileSync(join(appDir, 'simulator.sh'), simulatorLauncher('/app/simulator.cjs'), { mode: 0o755 });
  console.log(
    `[stage] ${app}: the bundle of ${spec.entry} (${packages.size} packages inside), node ${SIMULATOR_EXEC_ARGV.join(' ')}`,
  );
  process.exit(0);
}

// Copy the source files the process loads (and the data files it reads), keeping their paths.
const files = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
for (const f of files) {
  mkdirSync(dirname(join(appDir, f)), { recursive: true });
  cpSync(join(ROOT, f), join(appDir, f));
}
for (const extra of spec.extra) {
  if (existsSync(join(ROOT, extra))) cpSync(join(ROOT, extra), join(appDir, extra), { recursive: true });
}
// The packages, at the versions this checkout has installed.
const dependencies: Record<string, string> = {};
for (const p of [...packages].sort()) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as {
    version: string;
  };
  dependencies[p] = pkg.version;
}
writeFileSync(
  join(appDir, 'package.json'),
  JSON.stringify({ name: `twinbench-${app}`, private: true, type: 'module', dependencies }, null, 2) + '\n',
);
execFileSync(
  'npm',
  [
    'install',
    '--omit=dev',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--prefer-offline',
    '--loglevel=error',
  ],
  { cwd: appDir, stdio: 'inherit' },
);
console.log(
  `[stage] ${app}: ${files.length} source files, ${packages.size} packages (${[...packages].sort().join(', ')})`,
);
