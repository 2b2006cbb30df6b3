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
const { main } = await import('../cli/index.ts');
await main(process.argv);
