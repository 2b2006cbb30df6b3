/**
 * `npm run contract`: writes twin/json/ (JSON Schemas, golden messages and their manifest, the
 * AsyncAPI document) from twin/'s TypeScript source. Files no longer produced are removed.
 * docs/twin-contract.md describes the folder.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContract } from '../twin/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'twin', 'json');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

const files = buildContract();
const before = await listFiles(root);
for (const [path, content] of files) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
const removed = before.filter((p) => !files.has(p.split('\\').join('/')));
for (const path of removed) await rm(join(root, path));
console.log(`twin/json: ${files.size} files written${removed.length ? `, ${removed.length} removed` : ''}`);
