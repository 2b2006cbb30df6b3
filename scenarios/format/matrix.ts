import type { ParamValue, Params } from './params.ts';

/** The rows of a matrix: a cartesian product of `{a: [1, 2], b: [x, y]}`, or a list of rows as given. */
export function matrixRows(matrix: unknown): Params[] {
  if (matrix === undefined || matrix === null) return [{}];
  if (Array.isArray(matrix)) return matrix.filter((r): r is Params => typeof r === 'object' && r !== null);
  let rows: Params[] = [{}];
  for (const [key, values] of Object.entries(matrix as Record<string, unknown>)) {
    if (!Array.isArray(values)) continue;
    rows = rows.flatMap((row) => (values as ParamValue[]).map((v) => ({ ...row, [key]: v })));
  }
  return rows;
}

/** `curve=B, amps=40` */
export function rowLabel(row: Params): string {
  return Object.entries(row)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}
