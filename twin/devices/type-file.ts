/**
 * Loading a device-type file: YAML (or JSON) text and its file name in, a `DeviceTypeDefinition` out,
 * or a `DeviceTypeFileError` listing every problem as `file:line:col: path: what is wrong`. Pure: the
 * caller reads the file (runtime's `loadDeviceTypeFiles` does, for a file or a folder of them).
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { TwinbenchError } from '../errors.ts';
import { compileDeviceType, type DeviceTypeDefinition, type TypeIssue } from './type-definition.ts';

export const DEVICE_TYPE_ERROR_CODES = {
  /** A device-type file (or inline document) does not hold. */
  BAD_FILE: 'TB_ERR_TWIN_DEVICE_TYPE_FILE',
  /** Two different definitions of one type name, or a built-in name. */
  CONFLICT: 'TB_ERR_TWIN_DEVICE_TYPE_CONFLICT',
  /** A type name that is neither built in nor registered from a file. */
  UNKNOWN: 'TB_ERR_TWIN_DEVICE_TYPE_UNKNOWN',
} as const;

export interface LocatedTypeIssue extends TypeIssue {
  line?: number;
  col?: number;
}

/** A device-type file that does not hold: every problem with its place. */
export class DeviceTypeFileError extends TwinbenchError {
  readonly source: string;
  readonly issues: readonly LocatedTypeIssue[];

  constructor(source: string, issues: readonly LocatedTypeIssue[]) {
    const lines = issues.slice(0, 20).map((i) => `  ${formatTypeIssue(source, i)}`);
    super(
      DEVICE_TYPE_ERROR_CODES.BAD_FILE,
      `Invalid device-type file ${source} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nSee docs/device-types.md for the format.`,
      { statusCode: 400 },
    );
    this.source = source;
    this.issues = issues;
  }
}

/** `soil.yaml:12:7: telemetry.moisture.simulate.walk.max: 120 is above the field's max 100` */
export function formatTypeIssue(source: string, issue: LocatedTypeIssue): string {
  const where = issue.line !== undefined ? `${source}:${issue.line}:${issue.col ?? 1}` : source;
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return `${where}: ${path || '(document)'}: ${issue.message}`;
}

/** Parses a device-type file; throws DeviceTypeFileError with file:line:col for each problem. */
export function parseDeviceTypeFile(text: string, fileName: string): DeviceTypeDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new DeviceTypeFileError(
      fileName,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          path: [],
          message: `YAML syntax: ${e.message.split('\n')[0]}`,
          line: pos.line,
          col: pos.col,
        };
      }),
    );
  }
  const compiled = compileDeviceType(doc.toJS(), fileName);
  if (!compiled.ok) {
    throw new DeviceTypeFileError(
      fileName,
      compiled.issues.map((i) => locate(doc, lineCounter, i)),
    );
  }
  return compiled.definition;
}

/** A device-type document that is already parsed (an inline config entry): problems carry paths only. */
export function parseDeviceTypeDocument(value: unknown, source = 'inline device type'): DeviceTypeDefinition {
  const compiled = compileDeviceType(value, source);
  if (!compiled.ok) throw new DeviceTypeFileError(source, compiled.issues);
  return compiled.definition;
}

function nodeFor(doc: Document, issue: TypeIssue): Node | undefined {
  const path = [...issue.path];
  if (issue.onKey && path.length > 0) {
    const last = path[path.length - 1];
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
      if (pair?.key && typeof pair.key === 'object') return pair.key as Node;
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}

function locate(doc: Document, lineCounter: LineCounter, issue: TypeIssue): LocatedTypeIssue {
  const node = nodeFor(doc, issue);
  const range = node?.range;
  if (!range) return issue;
  let at = range[0];
  // An expression error points into the string: past the opening quote of a quoted scalar.
  if (issue.offset !== undefined && isScalar(node)) {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    at += issue.offset + (quoted ? 1 : 0);
  }
  const pos = lineCounter.linePos(at);
  return { ...issue, line: pos.line, col: pos.col };
}
