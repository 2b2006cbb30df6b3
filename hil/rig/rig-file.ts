/**
 * Loading a rig file: YAML → schema check (each problem as `file:line:col: path: message`) →
 * a typed `Rig` the rest of hil/ trusts (ports parsed, reset sequences parsed, defaults applied).
 */
import { readFile } from 'node:fs/promises';
import { Value } from 'typebox/value';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import { parseResetSequence } from '../link/reset-sequence.ts';
import { parseLinkSpec, type LinkSpec } from './link-spec.ts';
import { RigSchema, type RigChip, type RigDoc } from './rig-schema.ts';

export interface RigBoard {
  name: string;
  /** Undefined when the board is found by identity alone. */
  port: LinkSpec | undefined;
  chip: RigChip | undefined;
  role: string | undefined;
  /** Console baud rate (default 115200). */
  baud: number;
  /** Flashing baud rate (default 460800). */
  flashBaud: number;
  /** Reset sequences; bootloader undefined = chosen from the port's USB ids. */
  reset: { bootloader: string | undefined; app: string };
  identity: { serialNumber?: string; location?: string; mac?: string };
  device: string | undefined;
}

export interface Rig {
  name: string;
  /** The file it came from, or `<inline>`. */
  source: string;
  boards: RigBoard[];
  locksDir: string;
  logsDir: string;
}

export const RIG_DEFAULTS = {
  baud: 115_200,
  flashBaud: 460_800,
  app: 'hard',
  locks: '.twinbench/locks',
  logs: 'reports/hil',
};

export interface RigIssue {
  path: (string | number)[];
  message: string;
  line?: number;
  col?: number;
}

export class RigFileError extends HilError {
  readonly issues: RigIssue[];
  constructor(source: string, issues: RigIssue[]) {
    super(
      HIL_ERROR_CODES.RIG_INVALID,
      `Rig file ${source} is not valid:\n${issues
        .map(
          (i) =>
            `  ${source}${i.line ? `:${i.line}:${i.col}` : ''}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`,
        )
        .join('\n')}`,
    );
    this.issues = issues;
  }
}

export async function loadRig(path: string): Promise<Rig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new HilError(
      HIL_ERROR_CODES.RIG_INVALID,
      `Rig file ${path} cannot be read (${(e as Error).message}).`,
      { cause: e },
    );
  }
  return parseRig(text, path);
}

export function parseRig(text: string, source = '<inline>'): Rig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new RigFileError(
      source,
      doc.errors.map((e) => ({
        path: [],
        message: `YAML: ${e.message.split('\n')[0]}`,
        ...lineCounter.linePos(e.pos[0]),
      })),
    );
  }
  const value: unknown = doc.toJS();
  const issues = schemaIssues(value);
  if (issues.length === 0) issues.push(...meaningIssues(value as RigDoc));
  if (issues.length > 0)
    throw new RigFileError(
      source,
      issues.map((i) => locate(doc, lineCounter, i)),
    );
  return compile(value as RigDoc, source);
}

/** A rig given as an object (a scenario's inline `hil.boards`); errors carry paths, no positions. */
export function rigFromObject(value: unknown, source = '<inline>'): Rig {
  const issues = schemaIssues(value);
  if (issues.length === 0) issues.push(...meaningIssues(value as RigDoc));
  if (issues.length > 0) throw new RigFileError(source, issues);
  return compile(value as RigDoc, source);
}

function schemaIssues(value: unknown): RigIssue[] {
  if (Value.Check(RigSchema, value)) return [];
  const out: RigIssue[] = [];
  for (const e of Value.Errors(RigSchema, value) as Iterable<{
    instancePath: string;
    message: string;
    keyword: string;
    params?: Record<string, unknown>;
  }>) {
    if (e.keyword === 'boolean') continue; // `schema is false` under additionalProperties: reported below by key
    if (e.keyword === 'anyOf' && out.some((o) => o.path.join('/') === pathOf(e.instancePath).join('/')))
      continue;
    const path = pathOf(e.instancePath);
    let message = e.message;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params?.additionalProperties as string[] | undefined) ?? [];
      for (const key of extra) out.push({ path: [...path, key], message: `unknown key '${key}'` });
      continue;
    }
    if (e.keyword === 'const' || e.keyword === 'anyOf')
      message =
        path.at(-1) === 'chip'
          ? `must be one of ${['esp32', 'esp32s2', 'esp32s3', 'esp32c3', 'esp32c6', 'esp32h2'].join(', ')}`
          : message;
    if (!out.some((o) => o.path.join('/') === path.join('/'))) out.push({ path, message });
  }
  return out;
}

function meaningIssues(doc: RigDoc): RigIssue[] {
  const out: RigIssue[] = [];
  for (const [name, b] of Object.entries(doc.boards)) {
    if (!b.port && !b.identity?.serialNumber && !b.identity?.location) {
      out.push({
        path: ['boards', name],
        message: 'needs a port, or an identity (serialNumber or location) to find it by',
      });
    }
    if (b.port) {
      try {
        const spec = parseLinkSpec(b.port);
        if (spec.kind === 'emulator' && b.chip && b.chip !== spec.chip) {
          out.push({
            path: ['boards', name, 'chip'],
            message: `is ${b.chip} but the port is an emulated ${spec.chip}`,
          });
        }
      } catch (e) {
        out.push({ path: ['boards', name, 'port'], message: (e as Error).message });
      }
    }
    for (const key of ['bootloader', 'app'] as const) {
      const seq = b.reset?.[key];
      if (seq === undefined) continue;
      try {
        parseResetSequence(seq);
      } catch (e) {
        out.push({ path: ['boards', name, 'reset', key], message: (e as Error).message });
      }
    }
  }
  return out;
}

function compile(doc: RigDoc, source: string): Rig {
  return {
    name: doc.name ?? source,
    source,
    locksDir: doc.locks ?? RIG_DEFAULTS.locks,
    logsDir: doc.logs ?? RIG_DEFAULTS.logs,
    boards: Object.entries(doc.boards).map(([name, b]) => {
      const port = b.port ? parseLinkSpec(b.port) : undefined;
      return {
        name,
        port,
        chip: (b.chip as RigChip | undefined) ?? (port?.kind === 'emulator' ? port.chip : undefined),
        role: b.role,
        baud: b.baud ?? RIG_DEFAULTS.baud,
        flashBaud: b.flashBaud ?? RIG_DEFAULTS.flashBaud,
        reset: { bootloader: b.reset?.bootloader, app: b.reset?.app ?? RIG_DEFAULTS.app },
        identity: { ...b.identity },
        device: b.device,
      };
    }),
  };
}

function pathOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Position of the key of the deepest part of `path` that exists (`chip:` in `chip: esp8266`). */
function locate(doc: Document, lc: LineCounter, issue: RigIssue): RigIssue {
  for (let n = issue.path.length; n >= 0; n--) {
    if (n > 0) {
      // the key itself (`bogus:` for an unknown key), found in its parent map
      const parent = doc.getIn(issue.path.slice(0, n - 1), true) as
        { items?: { key: unknown }[] } | undefined;
      const pair = parent?.items?.find(
        (p) => isNode(p.key) && (p.key as { value?: unknown }).value === issue.path[n - 1],
      );
      if (pair && isNode(pair.key) && pair.key.range) return { ...issue, ...lc.linePos(pair.key.range[0]) };
    }
    const node = n === 0 ? doc.contents : doc.getIn(issue.path.slice(0, n), true);
    if (isNode(node) && node.range) return { ...issue, ...lc.linePos(node.range[0]) };
  }
  return issue;
}

/** Finds boards by name, role or `*` (every board). */
export function selectBoards(rig: Rig, selector: string): RigBoard[] {
  if (selector === '*') return rig.boards;
  const byName = rig.boards.filter((b) => b.name === selector);
  if (byName.length > 0) return byName;
  const byRole = rig.boards.filter((b) => b.role === selector || `role:${b.role}` === selector);
  if (byRole.length > 0) return byRole;
  throw new HilError(
    HIL_ERROR_CODES.RIG_NO_BOARD,
    `No board '${selector}' in rig ${rig.source}: boards are ${rig.boards.map((b) => `${b.name}${b.role ? ` (role ${b.role})` : ''}`).join(', ') || 'none'}.`,
  );
}
