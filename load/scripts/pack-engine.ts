// Builds the engine as a plain JavaScript npm package, for machines that are not a twinbench checkout:
// artillery's hosted distributed runs (Fargate, Lambda, ACI) install `artillery-engine-<name>` packages
// on their workers. One ESM file with every dependency bundled (esbuild), a package.json, and the
// tarball `npm pack` makes of them.
//   npx node load/scripts/pack-engine.ts [outDir]      (default .twinbench/artillery-engine-twinbench)
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, '.twinbench', 'artillery-engine-twinbench'));
const source = path.join(ROOT, 'load', 'packages', 'artillery-engine-twinbench');

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await build({
  entryPoints: [path.join(source, 'index.ts')],
  outfile: path.join(outDir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
const own = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as Record<string, unknown>;
const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
await writeFile(
  path.join(outDir, 'package.json'),
  `${JSON.stringify({ ...own, version, private: undefined, main: 'index.js', engines: { node: '>=22.18' }, license: 'Apache-2.0' }, null, 2)}\n`,
);
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', path.dirname(outDir)], {
  cwd: outDir,
  encoding: 'utf8',
}).trim();
console.log(`${outDir}\n${path.join(path.dirname(outDir), tarball)}`);
