#!/usr/bin/env -S node --max-semi-space-size=8
// (A small young generation keeps a 10,000-device simulator near 9 KB of RSS per device instead of 18.)
// twinbench's command line. Node 24 runs the TypeScript sources directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `twinbench needs Node 24 (this is ${process.version}). Run it through npm (npx twinbench, npm run twinbench --), which uses the node@24 devDependency, or install Node 24.`,
  );
  process.exit(1);
}
// Node's compile cache (V8 code for each module, kept on disk and checked against its source): the CLI
// compiles its TypeScript modules at every start, and with the cache a start takes about half the time.
// The processes it starts (platform, simulator workers) inherit the directory. NODE_COMPILE_CACHE moves it.
const { enableCompileCache } = await import('node:module');
const cache = enableCompileCache?.();
if (cache?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = cache.directory;
const { main } = await import('../cli/index.ts');
await main(process.argv);
