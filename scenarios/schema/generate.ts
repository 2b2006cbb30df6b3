// Writes scenario.schema.json and fragment.schema.json from the step registry: node scenarios/schema/generate.ts
//
// Kinds other parts register (hil/'s steps) appear when their registering module is imported first:
//   node scenarios/schema/generate.ts --register ./hil/register-steps.ts --out hil/schema
// writes that folder's scenario.schema.json and fragment.schema.json with the built-in kinds and those.
// The files checked in here hold the built-in kinds only (scenarios/ does not import hil/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { publishedSchemaText } from '../format/publish-schema.ts';

export const SCHEMA_FILES = {
  scenario: fileURLToPath(new URL('./scenario.schema.json', import.meta.url)),
  fragment: fileURLToPath(new URL('./fragment.schema.json', import.meta.url)),
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { register: { type: 'string', multiple: true, default: [] }, out: { type: 'string' } },
  });
  // Modules that call registerAction/registerCondition/registerSection when imported.
  for (const m of values.register) await import(pathToFileURL(resolve(m)).href);
  if (values.register.length > 0 && !values.out)
    throw new Error('--register needs --out <dir>: the files here hold the built-in kinds only');
  for (const [which, file] of Object.entries(SCHEMA_FILES)) {
    const target = values.out ? join(resolve(values.out), `${which}.schema.json`) : file;
    if (values.out) mkdirSync(resolve(values.out), { recursive: true });
    writeFileSync(target, await publishedSchemaText(which as keyof typeof SCHEMA_FILES));
    console.log(`wrote ${target}`);
  }
}
