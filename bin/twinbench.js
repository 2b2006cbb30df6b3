#!/usr/bin/env node
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
