import Type, { type TSchema } from 'typebox';
import { stepRegistry, type StepRegistry } from '../steps/registry.ts';
import { EXPECTATION_OPTIONS, TimingProps } from './compile-steps.ts';
import { DeviceRef, Duration, JsonObject, Matcher, Name, Scalar, Selector } from './schema/common.ts';
import { Fleet } from './schema/fleet.ts';
import { ScenarioProps } from './schema/scenario.ts';
import { FaultSchema } from '../steps/actions/inject.ts';

/** One condition and the mode's options: `{twin: {...}, within: 5s}`. */
function keyedUnion(registry: StepRegistry, mode: keyof typeof EXPECTATION_OPTIONS, what: string): TSchema {
  const keys = registry.conditions().map((c) => c.key);
  return Type.Union(
    registry
      .conditions()
      .map((c) =>
        Type.Object({ [c.key]: c.schema, ...EXPECTATION_OPTIONS[mode] }, { additionalProperties: false }),
      ),
    { description: `${what}: one condition (${keys.join(', ')})` },
  );
}

/** The schemas a published file is made of, from the registry: every registered kind appears. */
function parts(registry: StepRegistry) {
  const WaitUntil = keyedUnion(registry, 'wait_until', 'wait until');
  const Eventually = keyedUnion(registry, 'eventually', 'eventually');
  const Always = keyedUnion(registry, 'always', 'always');
  const timing = { ...TimingProps, wait_until: Type.Optional(WaitUntil) };
  const variant = (key: string, schema: TSchema) =>
    Type.Object({ ...timing, [key]: schema }, { additionalProperties: false });
  const actionKeys = registry.actions().map((a) => a.key);
  const Step = Type.Union(
    [
      ...registry.actions().map((a) => variant(a.key, a.schema)),
      variant('eventually', Eventually),
      variant('always', Always),
      Type.Object({ ...timing, wait_until: WaitUntil }, { additionalProperties: false }),
      Type.Object({ ...timing, delay: Duration }, { additionalProperties: false }),
      Type.Object(
        { include: Type.String({ description: "a file whose 'steps' are put here" }) },
        { additionalProperties: false },
      ),
    ],
    {
      description: `a step: at most one action (${[...actionKeys, 'eventually', 'always'].join(', ')}), optional timing (at, after, delay, timeout, wait_until)`,
    },
  );
  const props = {
    ...ScenarioProps,
    ...Object.fromEntries(registry.sections().map((s) => [s.key, Type.Optional(s.schema)])),
    steps: Type.Array(Step, { minItems: 1 }),
  };
  const scenario = Type.Object(props, {
    additionalProperties: false,
    title: 'twinbench scenario',
    description: 'A twinbench scenario: fleets, a timeline of steps and expectations (docs/scenarios.md).',
  });
  const named: [string, TSchema][] = [
    ['Duration', Duration],
    ['Name', Name],
    ['Scalar', Scalar],
    ['JsonObject', JsonObject],
    ['DeviceRef', DeviceRef],
    ['Selector', Selector],
    ['Matcher', Matcher],
    ['Fault', FaultSchema],
    ['Fleet', Fleet],
    ...registry.conditions().map((c): [string, TSchema] => [`condition_${c.key}`, c.schema]),
    ...registry
      .actions()
      .filter((a) => typeof a.schema === 'object' && ('properties' in a.schema || 'anyOf' in a.schema))
      .map((a): [string, TSchema] => [`action_${a.key}`, a.schema]),
    ...registry.sections().map((s): [string, TSchema] => [`section_${s.key}`, s.schema]),
    ['WaitUntil', WaitUntil],
    ['Eventually', Eventually],
    ['Always', Always],
    ['Step', Step],
  ];
  return { scenario, fragment: Type.Partial(scenario), named };
}

/** The scenario schema with every kind registered so far (for tools; the loader checks step by step). */
export function scenarioSchema(registry: StepRegistry = stepRegistry): TSchema {
  return parts(registry).scenario;
}

/**
 * The JSON Schema of scenario files, for editors (yaml-language-server) and other tools: every kind
 * registered in `registry` when it is called (register HIL steps first to have them in it), with shared
 * parts written once under `definitions`.
 */
export function publishedSchema(
  which: 'scenario' | 'fragment' = 'scenario',
  registry: StepRegistry = stepRegistry,
): Record<string, unknown> {
  const { scenario, fragment, named } = parts(registry);
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
  const root = which === 'scenario' ? scenario : fragment;
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
export async function publishedSchemaText(
  which: 'scenario' | 'fragment' = 'scenario',
  registry: StepRegistry = stepRegistry,
): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(import.meta.filename)) ?? {};
  return prettier.format(JSON.stringify(publishedSchema(which, registry)), { ...options, parser: 'json' });
}
