/**
 * The command half of a payload mapping: a command going out in the device's own shape (a template
 * compiled once into a function), and the device's response read back into twinbench's
 * `{id, status, result?, error?}`, which `parseCommandResponse` then checks.
 */
import type { FieldValue } from '../../devices/fields.ts';
import type { CommandsSpec } from './mapping-schema.ts';

/** A command as the platform sends it. */
export interface OutboundCommand {
  id: string;
  name: string;
  params: Record<string, FieldValue | unknown>;
  /** Send time, epoch ms. */
  ts: number;
  timeoutMs: number;
}

export type CommandEncoder = (command: OutboundCommand) => string;
export type ResponseDecoder = (body: unknown) => unknown;

const PLACEHOLDER = /\{(id|name|params|ts|ts_s|ts_iso|timeout_ms|timeout_s|param\.[A-Za-z0-9_.-]+)\}/g;
const WHOLE = /^\{(id|name|params|ts|ts_s|ts_iso|timeout_ms|timeout_s|param\.[A-Za-z0-9_.-]+)\}$/;

function placeholderValue(name: string, c: OutboundCommand): unknown {
  switch (name) {
    case 'id':
      return c.id;
    case 'name':
      return c.name;
    case 'params':
      return c.params;
    case 'ts':
      return c.ts;
    case 'ts_s':
      return Math.floor(c.ts / 1000);
    case 'ts_iso':
      return new Date(c.ts).toISOString();
    case 'timeout_ms':
      return c.timeoutMs;
    case 'timeout_s':
      return Math.ceil(c.timeoutMs / 1000);
    default:
      return c.params[name.slice('param.'.length)];
  }
}

type Part = (c: OutboundCommand) => unknown;

function compileNode(node: unknown): Part {
  if (typeof node === 'string') {
    const whole = WHOLE.exec(node);
    if (whole) {
      const name = whole[1]!;
      return (c) => placeholderValue(name, c);
    }
    if (!node.includes('{')) return () => node;
    return (c) => node.replace(PLACEHOLDER, (_, name: string) => String(placeholderValue(name, c) ?? ''));
  }
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (c) => items.map((f) => f(c));
  }
  if (typeof node === 'object' && node !== null) {
    const entries = Object.entries(node).map(([k, v]) => [k, compileNode(v)] as const);
    return (c) => {
      const out: Record<string, unknown> = {};
      for (const [k, f] of entries) {
        const v = f(c);
        if (v !== undefined) out[k] = v; // {param.x} of a param not given is left out
      }
      return out;
    };
  }
  return () => node;
}

/** twinbench's own command: `{id, name, params, ts}`. */
export const twinbenchEncoder: CommandEncoder = (c) =>
  JSON.stringify({ id: c.id, name: c.name, params: c.params, ts: c.ts });

export function compileCommandEncoder(spec: CommandsSpec | undefined): CommandEncoder {
  if (spec?.template === undefined) return twinbenchEncoder;
  const build = compileNode(spec.template);
  return (c) => JSON.stringify(build(c));
}

/** Reads a response in the device's shape; returns twinbench's shape (unchecked) for `parseCommandResponse`. */
export function compileResponseDecoder(spec: CommandsSpec | undefined): ResponseDecoder {
  const r = spec?.response;
  if (r === undefined) return (body) => body;
  const idKey = r.id ?? 'id';
  const statusKey = r.status ?? 'status';
  const resultKey = r.result ?? 'result';
  const errorKey = r.error ?? 'error';
  const statuses = new Map<string, string>();
  for (const [word, status] of Object.entries(r.statuses ?? {})) statuses.set(word.toLowerCase(), status);
  return (body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
    const b = body as Record<string, unknown>;
    const id = b[idKey];
    const raw = b[statusKey];
    const status =
      typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? (statuses.get(String(raw).toLowerCase()) ?? raw)
        : raw;
    const out: Record<string, unknown> = {
      id: typeof id === 'number' ? String(id) : id,
      status,
    };
    // The default result/error keys are skipped when the status lives there.
    if (resultKey !== statusKey && b[resultKey] !== undefined) out.result = b[resultKey];
    if (errorKey === statusKey) return out;
    if (typeof b[errorKey] === 'string') out.error = b[errorKey];
    else if (b[errorKey] !== undefined && b[errorKey] !== null) out.error = JSON.stringify(b[errorKey]);
    return out;
  };
}
