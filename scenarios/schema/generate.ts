// Writes scenario.schema.json and fragment.schema.json from the TypeBox schema: node scenarios/schema/generate.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedSchemaText } from '../format/publish-schema.ts';

export const SCHEMA_FILES = {
  scenario: fileURLToPath(new URL('./scenario.schema.json', import.meta.url)),
  fragment: fileURLToPath(new URL('./fragment.schema.json', import.meta.url)),
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [which, file] of Object.entries(SCHEMA_FILES)) {
    writeFileSync(file, await publishedSchemaText(which as keyof typeof SCHEMA_FILES));
    console.log(`wrote ${file}`);
  }
}
