/**
 * Everything under twin/json/, built in memory: `scripts/gen-contract.ts` writes it, and a test
 * rebuilds it to find stale files. Pure: returns file contents, writes nothing.
 */
import { Compile } from 'typebox/compile';
import { DEVICE_TYPES } from '../devices/device-type.ts';
import { DEVICE_SPECS } from '../devices/specs.ts';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILES } from '../topics/builtin-profiles.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { GOLDEN_CASES, type GoldenCaseSpec } from './golden-cases.ts';
import { goldenTopics } from './golden-topics.ts';
import { schemaDocuments, schemaJson, type SchemaDocument } from './json-schemas.ts';
import { validateMessage, type MessageKind } from './validate-message.ts';

/** Version of the manifest format; bumped only when a reader would have to change. */
export const GOLDEN_MANIFEST_VERSION = 1;

/** One case of golden/manifest.json (docs/twin-contract.md describes every field). */
export interface GoldenCase {
  /** Path under golden/, e.g. `valid/env-telemetry.json` (`.txt` when the payload is not JSON). */
  file: string;
  kind: MessageKind;
  deviceType?: string;
  topic?: string;
  /** The schema file (under twin/json/) that describes this kind of message. */
  schema?: string;
  valid: boolean;
  /** For invalid cases: twin's messages joined with "; " (exactly what `validateMessage` reports). */
  error?: string;
  /** For invalid cases: the same messages, one per problem. */
  errors?: string[];
  /**
   * For invalid JSON cases with a schema: whether the schema alone rejects the message (false: only
   * twin's further checks do, e.g. a profile mixing {id} and {mac}).
   */
  schemaRejects?: boolean;
  note: string;
}

export interface GoldenManifest {
  version: number;
  generatedBy: string;
  cases: GoldenCase[];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function schemaFor(c: GoldenCaseSpec): string | undefined {
  const t = c.deviceType;
  const byKind: Record<MessageKind, string | undefined> = {
    telemetry: t && `telemetry.${t}`,
    status: 'status',
    event: 'event',
    command: t ? `command.${t}` : 'command',
    commandResponse: 'command-response',
    desired: t && `desired.${t}`,
    shadowUpdate: t ? `shadow-update-request.${t}` : 'shadow-update-request',
    shadowUpdateAccepted: 'shadow-update-accepted',
    shadowDelta: 'shadow-delta',
    shadowDocuments: 'shadow-documents',
    shadowGetAccepted: 'shadow-get-accepted',
    shadowDeleteAccepted: 'shadow-delete-accepted',
    shadowError: 'shadow-error',
    topicProfile: 'topic-profile-spec',
    childConnect: 'child-connect',
    childDisconnect: 'child-disconnect',
    childStatus: 'child-status',
    childTelemetry: 'child-telemetry',
    childEvent: 'child-event',
    childCommand: 'child-command',
    childCommandResponse: 'child-command-response',
    childShadowDelta: 'child-shadow-delta',
    childShadowUpdate: 'child-shadow-update',
    childRejected: 'child-rejected',
  };
  const name = byKind[c.kind];
  return name === undefined ? undefined : `schemas/${name}.schema.json`;
}

/** Runs one case through twin's validator; throws when the outcome is not the declared one. */
export function goldenCase(
  c: GoldenCaseSpec,
  schemas: ReadonlyMap<string, SchemaDocument> = new Map(schemaDocuments().map((d) => [d.file, d])),
): { entry: GoldenCase; file: string; content: string } {
  const text = c.text;
  const content = text !== undefined ? text : json(c.payload);
  const file = `${c.valid ? 'valid' : 'invalid'}/${c.name}.${text !== undefined ? 'txt' : 'json'}`;
  const result = validateMessage(c.kind, content, c.deviceType ? { deviceType: c.deviceType } : {});
  if (result.ok !== c.valid) {
    const got = result.ok ? 'valid' : `invalid (${result.errors.join('; ')})`;
    throw new Error(
      `golden case ${c.name} should be ${c.valid ? 'valid' : 'invalid'} but twin finds it ${got}`,
    );
  }
  const schema = schemaFor(c);
  const doc = schema === undefined ? undefined : schemas.get(schema);
  if (schema !== undefined && doc === undefined)
    throw new Error(`golden case ${c.name}: no schema ${schema}`);
  const schemaPasses =
    doc !== undefined && text === undefined ? Compile(doc.schema).Check(c.payload) : undefined;
  if (c.valid && schemaPasses === false) {
    throw new Error(`golden case ${c.name} is valid for twin but ${schema} rejects it: fix the schema`);
  }
  const entry: GoldenCase = {
    file,
    kind: c.kind,
    ...(c.deviceType ? { deviceType: c.deviceType } : {}),
    ...(c.topic ? { topic: c.topic } : {}),
    ...(schema ? { schema } : {}),
    valid: c.valid,
    ...(result.ok ? {} : { error: result.errors.join('; '), errors: result.errors }),
    ...(!c.valid && schemaPasses !== undefined ? { schemaRejects: !schemaPasses } : {}),
    note: c.note,
  };
  return { entry, file: `golden/${file}`, content };
}

/** Every file of twin/json/: path relative to twin/json/ → content. */
export function buildContract(): Map<string, string> {
  const files = new Map<string, string>();
  for (const d of schemaDocuments()) files.set(d.file, json(schemaJson(d)));
  for (const type of DEVICE_TYPES) files.set(`device-types/${type}.json`, json(DEVICE_SPECS[type]));
  const cases: GoldenCase[] = [];
  const schemas = new Map(schemaDocuments().map((d) => [d.file, d]));
  for (const c of GOLDEN_CASES) {
    const built = goldenCase(c, schemas);
    files.set(built.file, built.content);
    cases.push(built.entry);
  }
  const manifest: GoldenManifest = {
    version: GOLDEN_MANIFEST_VERSION,
    generatedBy: 'npm run contract (scripts/gen-contract.ts); do not edit',
    cases,
  };
  files.set('golden/manifest.json', json(manifest));
  files.set('golden/topics.json', json(goldenTopics()));
  for (const name of BUILTIN_PROFILE_NAMES)
    files.set(`topic-profiles/${name}.json`, json(BUILTIN_PROFILES[name]));
  files.set('asyncapi.json', json(asyncApiDocument()));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
