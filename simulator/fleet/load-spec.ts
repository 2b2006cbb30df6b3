/** Loading a fleet spec from YAML (a file or text) or checking a TS object. */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { readDeviceTypeFiles } from '../../runtime/index.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { SpecIssue } from './schema-issues.ts';
import type { FleetSpec } from './spec.ts';
import { fleetSpecIssues } from './spec-check.ts';
import { FleetSpecError, locateIssues } from './spec-errors.ts';

/**
 * Replaces the device-type file paths of a spec's `deviceTypes` (relative to `baseDir`) by their
 * documents, so the spec is whole when handed to a worker process or a container. A bad file throws
 * DeviceTypeFileError (file:line:col).
 */
function inlineDeviceTypes(value: unknown, baseDir: string): void {
  if (typeof value !== 'object' || value === null) return;
  const spec = value as { deviceTypes?: unknown };
  if (!Array.isArray(spec.deviceTypes)) return;
  spec.deviceTypes = spec.deviceTypes.flatMap((entry: unknown) =>
    typeof entry === 'string' ? readDeviceTypeFiles([entry], baseDir).map((d) => d.document) : [entry],
  );
}

/** A TS object as a fleet spec; throws FleetSpecError (paths, no positions) when it does not hold. */
export function validateFleetSpec(value: unknown, source = 'fleet spec'): FleetSpec {
  inlineDeviceTypes(value, process.cwd());
  const issues = fleetSpecIssues(value);
  if (issues.length > 0) throw new FleetSpecError(source, issues);
  return value as FleetSpec;
}

/** YAML text as a fleet spec; errors carry `source:line:col`. */
export function parseFleetSpec(text: string, source = '<inline>'): FleetSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: SpecIssue[] = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return {
        path: [],
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
        line: pos.line,
        col: pos.col,
      };
    });
    throw new FleetSpecError(source, issues);
  }
  const value: unknown = doc.toJS();
  inlineDeviceTypes(value, source === '<inline>' ? process.cwd() : dirname(source));
  const issues = fleetSpecIssues(value);
  if (issues.length > 0) throw new FleetSpecError(source, locateIssues(doc, lineCounter, issues));
  return value as FleetSpec;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * A fleet spec from a YAML file path, or from YAML text (anything with a newline, or that is not a file).
 * Throws FleetSpecError (`file:line:col: path: expected …, got …`) or TB_ERR_SIMULATOR_SPEC_NOT_FOUND.
 */
export async function loadFleetSpec(pathOrYaml: string): Promise<FleetSpec> {
  const looksLikePath = !pathOrYaml.includes('\n') && /\.(ya?ml|json)$/i.test(pathOrYaml.trim());
  if (!pathOrYaml.includes('\n') && (await isFile(pathOrYaml))) {
    return parseFleetSpec(await readFile(pathOrYaml, 'utf8'), pathOrYaml);
  }
  if (looksLikePath) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.SPEC_NOT_FOUND,
      `Fleet spec file ${pathOrYaml} not found (cwd ${process.cwd()}); pass an existing YAML file or the YAML text itself.`,
    );
  }
  return parseFleetSpec(pathOrYaml);
}
