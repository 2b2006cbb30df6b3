/** The sum of every series of `name` in Prometheus text whose labels include `labels`. */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith('{') || rest.startsWith(' '))) continue;
    const close = rest.startsWith('{') ? rest.indexOf('}') : -1;
    const labelText = close >= 0 ? rest.slice(1, close) : '';
    const have = parseLabels(labelText);
    if (!Object.entries(labels).every(([k, v]) => have[k] === v)) continue;
    const value = Number(
      rest
        .slice(close + 1)
        .trim()
        .split(/\s+/)[0],
    );
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
    out[m[1] as string] = (m[2] as string).replace(/\\(.)/g, '$1');
  return out;
}
