import { isMap, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import { pathText, type SpecIssue } from './schema-issues.ts';

/** A fleet spec that does not hold: every issue with its place (file:line:col for YAML). */
export class FleetSpecError extends SimulatorError {
  readonly source: string;
  readonly issues: readonly SpecIssue[];

  constructor(source: string, issues: readonly SpecIssue[]) {
    const lines = issues.slice(0, 20).map((i) => `  ${formatIssue(source, i)}`);
    if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
    super(
      SIMULATOR_ERROR_CODES.BAD_SPEC,
      `Invalid fleet spec ${source} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nSee docs/simulator.md for the fleet spec reference.`,
    );
    this.source = source;
    this.issues = issues;
  }
}

/** `fleet.yaml:12:5: groups[1].count: expected an integer >= 1, got 0` */
export function formatIssue(source: string, issue: SpecIssue): string {
  const where = issue.line !== undefined ? `${source}:${issue.line}:${issue.col ?? 1}` : source;
  return `${where}: ${pathText(issue.path)}: ${issue.message}`;
}

/** The YAML node closest to `path` (its key when `onKey`), walking up while a level is missing. */
function nodeFor(doc: Document, issue: SpecIssue): Node | undefined {
  const path = [...issue.path];
  if (issue.onKey && path.length > 0) {
    const last = path[path.length - 1];
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
      if (pair && pair.key && typeof pair.key === 'object') return pair.key as Node;
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}

/** Adds line and column (1-based) to each issue from the YAML document it was found in. */
export function locateIssues(doc: Document, lineCounter: LineCounter, issues: SpecIssue[]): SpecIssue[] {
  return issues.map((issue) => {
    const range = nodeFor(doc, issue)?.range;
    if (!range) return issue;
    const pos = lineCounter.linePos(range[0]);
    return { ...issue, line: pos.line, col: pos.col };
  });
}
