import type { TSchema } from 'typebox';
import { ACTION_SCHEMAS } from './schema/actions.ts';
import { DeviceRef, Duration, JsonObject, Matcher, Name, Scalar, Selector } from './schema/common.ts';
import { Always, CONDITION_SCHEMAS, Eventually, WaitUntil } from './schema/conditions.ts';
import { Fault } from './schema/fault.ts';
import { Fleet } from './schema/fleet.ts';
import { FragmentSchema, ScenarioSchema, Step } from './schema/scenario.ts';

/** Schemas worth a name in the published file: each is written once, under definitions, and referenced. */
function namedSchemas(): [string, TSchema][] {
  return [
    ['Duration', Duration],
    ['Name', Name],
    ['Scalar', Scalar],
    ['JsonObject', JsonObject],
    ['DeviceRef', DeviceRef],
    ['Selector', Selector],
    ['Matcher', Matcher],
    ['Fault', Fault],
    ['Fleet', Fleet],
    ...Object.entries(CONDITION_SCHEMAS).map(([k, s]): [string, TSchema] => [`condition_${k}`, s]),
    ...Object.entries(ACTION_SCHEMAS)
      .filter(([, s]) => typeof s === 'object' && ('properties' in s || 'anyOf' in s))
      .map(([k, s]): [string, TSchema] => [`action_${k}`, s]),
    ['WaitUntil', WaitUntil],
    ['Eventually', Eventually],
    ['Always', Always],
    ['Step', Step],
  ];
}

/**
 * The JSON Schema of scenario files, for editors (yaml-language-server) and other tools: the TypeBox
 * schema the loader checks against, with shared parts written once under `definitions`.
 */
export function publishedSchema(which: 'scenario' | 'fragment' = 'scenario'): Record<string, unknown> {
  const named = namedSchemas();
  const byJson = new Map<string, string>();
  for (const [name, s] of named) if (!byJson.has(JSON.stringify(s))) byJson.set(JSON.stringify(s), name);
  const unique = named.filter(([name, s]) => byJson.get(JSON.stringify(s)) === name);
  const replace = (node: unknown, self?: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => replace(n));
    if (typeof node !== 'object' || node === null) return node;
    const name = byJson.get(JSON.stringify(node));
    if (name !== undefined && name !== self) return { $ref: `#/definitions/${name}` };
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v)]));
  };
  const definitions = Object.fromEntries(unique.map(([name, s]) => [name, replace(s, name)]));
  const root = which === 'scenario' ? ScenarioSchema : FragmentSchema;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://twinbench.dev/schema/${which}.schema.json`,
    ...(replace(root) as Record<string, unknown>),
    ...(which === 'fragment'
      ? {
          title: 'twinbench scenario fragment',
          description: 'Scenario keys, none required: a file other scenarios include.',
        }
      : {}),
    definitions,
  };
}

/** The file's text, formatted as the repository's Prettier would write it (so `prettier --check` passes). */
export async function publishedSchemaText(which: 'scenario' | 'fragment' = 'scenario'): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(import.meta.filename)) ?? {};
  return prettier.format(JSON.stringify(publishedSchema(which)), { ...options, parser: 'json' });
}
