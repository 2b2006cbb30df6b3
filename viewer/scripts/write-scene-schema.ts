/* eslint-disable no-restricted-imports -- a Node-side script of the viewer part: it writes a file */
// Writes viewer/scene.schema.json from the TypeBox schema (src/scene/scene-schema.ts), the one source
// of the scene format. A unit test fails when the file and the schema differ.
import { writeFileSync } from 'node:fs';
import { SceneSchema } from '../index.ts';

const path = new URL('../scene.schema.json', import.meta.url);
writeFileSync(
  path,
  `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...SceneSchema }, null, 2)}\n`,
);
console.log(`wrote ${path.pathname}`);
