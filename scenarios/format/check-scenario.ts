import { SCENARIOS_ERROR_CODES, type ScenarioIssue } from '../errors.ts';
import { ACTION_KEYS } from './schema/actions.ts';
import { MATCHER_KEYS } from './schema/common.ts';
import { CONDITION_KEYS } from './schema/conditions.ts';

type Obj = Record<string, unknown>;
export type CodedIssue = ScenarioIssue & { code: string; atKey?: boolean };

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const STEP_ACTIONS = [...ACTION_KEYS, 'eventually', 'always'] as string[];
const EXPECTATIONS = ['eventually', 'always', 'wait_until'];

/**
 * Before the schema: one action per step and one condition per expectation, said plainly (a union
 * error would only say "expected a step").
 */
export function checkShape(doc: unknown): CodedIssue[] {
  const issues: CodedIssue[] = [];
  const steps = isMap(doc) && Array.isArray(doc.steps) ? doc.steps : [];
  steps.forEach((step, i) => {
    if (!isMap(step)) return;
    const actions = Object.keys(step).filter((k) => STEP_ACTIONS.includes(k));
    const path = `/steps/${i}`;
    if (actions.length > 1)
      issues.push(
        schemaIssue(
          path,
          `a step holds one action; this one has ${actions.join(' and ')}: split it into steps`,
        ),
      );
    if (actions.length === 0 && step.wait_until === undefined && step.include === undefined)
      issues.push(
        schemaIssue(
          path,
          `a step needs an action (${ACTION_KEYS.join(', ')}), an expectation (eventually, always) or wait_until`,
        ),
      );
    for (const key of EXPECTATIONS) {
      const e = step[key];
      if (!isMap(e)) continue;
      const conds = Object.keys(e).filter((k) => (CONDITION_KEYS as string[]).includes(k));
      if (conds.length === 0)
        issues.push(
          schemaIssue(`${path}/${key}`, `${key} needs one condition: ${CONDITION_KEYS.join(', ')}`),
        );
      if (conds.length > 1)
        issues.push(
          schemaIssue(
            `${path}/${key}`,
            `${key} holds one condition; found ${conds.join(' and ')}: use one step each`,
          ),
        );
    }
  });
  return issues;
}

function schemaIssue(path: string, message: string): CodedIssue {
  return { code: SCENARIOS_ERROR_CODES.SCHEMA, path, message };
}

/** After the schema: names that must exist, choices that must be made, in order. */
export function checkReferences(doc: Obj): CodedIssue[] {
  const issues: CodedIssue[] = [];
  const ref = (path: string, message: string) =>
    issues.push({ code: SCENARIOS_ERROR_CODES.BAD_REFERENCE, path, message });
  const fleets = new Set<string>();
  ((doc.fleets as Obj[] | undefined) ?? []).forEach((f, i) => {
    if (fleets.has(f.name as string)) ref(`/fleets/${i}/name`, `fleet '${String(f.name)}' is defined twice`);
    fleets.add(f.name as string);
  });
  const fleetList = () => (fleets.size ? [...fleets].join(', ') : 'none defined');
  const needFleet = (name: unknown, path: string) => {
    if (typeof name === 'string' && !fleets.has(name))
      ref(path, `no fleet named '${name}' (fleets: ${fleetList()})`);
  };
  const stepIds = new Set<string>();
  const handles = new Set<string>();
  const commands = new Set<string>();
  const steps = (doc.steps as Obj[] | undefined) ?? [];
  steps.forEach((step, i) => {
    const p = `/steps/${i}`;
    if (typeof step.after === 'string' && step.after !== 'previous' && !stepIds.has(step.after))
      ref(
        `${p}/after`,
        `'after: ${step.after}' names no earlier step id (ids so far: ${[...stepIds].join(', ') || 'none'}); use 'previous' or an id`,
      );
    if (step.at !== undefined && step.after !== undefined)
      ref(p, "a step starts either 'at' a time or 'after' a step, not both");
    for (const key of ['start_fleet', 'stop_fleet'] as const) needFleet(step[key], `${p}/${key}`);
    const inject = step.inject as Obj | undefined;
    if (inject) {
      needFleet(inject.fleet, `${p}/inject/fleet`);
      checkSelector(inject.select, `${p}/inject/select`, needFleet);
      const sel = isMap(inject.select) ? inject.select : {};
      if (inject.fleet === undefined && fleets.size !== 1 && sel.fleet === undefined && sel.ids === undefined)
        ref(`${p}/inject`, `say which fleet gets the fault: 'fleet:' (fleets: ${fleetList()})`);
      if (typeof inject.as === 'string') addName(handles, commands, inject.as, `${p}/inject/as`, ref);
    }
    if (typeof step.clear_fault === 'string' && !handles.has(step.clear_fault))
      ref(`${p}/clear_fault`, `no earlier 'inject … as: ${step.clear_fault}'`);
    const desired = step.set_desired as Obj | undefined;
    if (desired) {
      if ((desired.device === undefined) === (desired.devices === undefined))
        ref(`${p}/set_desired`, "set_desired needs either 'device' or 'devices'");
      checkDevice(desired.device, `${p}/set_desired/device`, needFleet);
      checkSelector(desired.devices, `${p}/set_desired/devices`, needFleet);
    }
    const command = step.send_command as Obj | undefined;
    if (command) {
      checkDevice(command.device, `${p}/send_command/device`, needFleet);
      if (typeof command.as === 'string') addName(handles, commands, command.as, `${p}/send_command/as`, ref);
    }
    const adv = step.advance;
    if (isMap(adv)) needFleet(adv.fleet, `${p}/advance/fleet`);
    if (isMap(step.backfill)) needFleet(step.backfill.fleet, `${p}/backfill/fleet`);
    const pub = step.publish as Obj | undefined;
    if (pub) {
      if (pub.topic === undefined && (pub.device === undefined || pub.kind === undefined))
        ref(`${p}/publish`, "publish needs a 'topic', or a 'device' and a 'kind'");
      checkDevice(pub.device, `${p}/publish/device`, needFleet);
    }
    for (const key of EXPECTATIONS) {
      const e = step[key] as Obj | undefined;
      if (e) checkCondition(e, `${p}/${key}`, { needFleet, commands, ref });
    }
    if (typeof step.id === 'string') {
      if (stepIds.has(step.id)) ref(`${p}/id`, `step id '${step.id}' is used twice`);
      stepIds.add(step.id);
    }
  });
  return issues;
}

function addName(
  handles: Set<string>,
  commands: Set<string>,
  name: string,
  path: string,
  ref: (p: string, m: string) => void,
) {
  if (handles.has(name) || commands.has(name)) ref(path, `'as: ${name}' is used twice`);
  (path.includes('send_command') ? commands : handles).add(name);
}

type NeedFleet = (name: unknown, path: string) => void;

function checkDevice(d: unknown, path: string, needFleet: NeedFleet) {
  if (isMap(d)) needFleet(d.fleet, `${path}/fleet`);
}

function checkSelector(s: unknown, path: string, needFleet: NeedFleet) {
  if (isMap(s)) needFleet(s.fleet, `${path}/fleet`);
}

function checkCondition(
  e: Obj,
  path: string,
  ctx: { needFleet: NeedFleet; commands: Set<string>; ref: (p: string, m: string) => void },
) {
  const key = CONDITION_KEYS.find((k) => e[k] !== undefined);
  if (!key) return;
  const c = e[key] as Obj;
  const p = `${path}/${key}`;
  const matchers = MATCHER_KEYS.filter((m) => c[m] !== undefined);
  checkDevice(c.device, `${p}/device`, ctx.needFleet);
  switch (key) {
    case 'twin': {
      const which = ['field', 'reported', 'desired', 'path'].filter((k) => c[k] !== undefined);
      if (which.length !== 1)
        ctx.ref(
          p,
          `twin needs exactly one of field, reported, desired, path (got ${which.join(', ') || 'none'})`,
        );
      if (matchers.length === 0) ctx.ref(p, `say what to expect: ${MATCHER_KEYS.join(', ')}`);
      break;
    }
    case 'delta':
      if (matchers.length === 0 && c.empty === undefined)
        ctx.ref(p, `say what to expect: empty, or ${MATCHER_KEYS.join(', ')}`);
      break;
    case 'metric':
    case 'history':
      if (matchers.length === 0) ctx.ref(p, `say what to expect: ${MATCHER_KEYS.join(', ')}`);
      break;
    case 'online':
      if ((c.device === undefined) === (c.devices === undefined))
        ctx.ref(p, "online needs either 'device' or 'devices'");
      checkSelector(c.devices, `${p}/devices`, ctx.needFleet);
      break;
    case 'command':
      if (typeof c.ref === 'string' && !ctx.commands.has(c.ref))
        ctx.ref(`${p}/ref`, `no earlier 'send_command … as: ${c.ref}'`);
      if (c.status === undefined && c.latency_ms === undefined)
        ctx.ref(p, 'say what to expect: status and/or latency_ms');
      break;
    case 'loss':
      ctx.needFleet(c.fleet, `${p}/fleet`);
      break;
    default:
      break;
  }
}
