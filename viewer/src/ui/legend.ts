/** The legend: one line per rule that has `legend`, grouped by device type, with its colour or gradient. */
import type { BindingRule } from '../bindings/rules.ts';
import { h } from './dom.ts';

const TYPE_NAMES: Record<string, string> = {
  smart_breaker: 'Breakers',
  env_sensor: 'Sensors',
  camera: 'Cameras',
  gateway: 'Gateways',
  generic: 'Other',
  '*': 'All devices',
};

function swatch(rule: BindingRule): HTMLElement {
  const c = rule.color;
  if (typeof c === 'string') return h('span', { class: 'swatch', style: `background:${c}` });
  if (c) {
    const stops = c.stops
      .map(([, col], i) => `${col} ${Math.round((i / (c.stops.length - 1)) * 100)}%`)
      .join(',');
    return h('span', { class: 'swatch gradient', style: `background:linear-gradient(90deg,${stops})` });
  }
  return h('span', { class: 'swatch none' });
}

export function renderLegend(rules: readonly BindingRule[]): HTMLElement {
  const groups = new Map<string, BindingRule[]>();
  for (const r of rules) {
    if (!r.legend) continue;
    const key = r.type === undefined ? '*' : Array.isArray(r.type) ? r.type.join(', ') : r.type;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const root = h('details', { class: 'legend', open: true }, h('summary', {}, 'Legend'));
  for (const [type, list] of groups) {
    root.append(h('div', { class: 'legend-type' }, TYPE_NAMES[type] ?? type));
    for (const r of list)
      root.append(h('div', { class: `legend-row${r.blink ? ' blinks' : ''}` }, swatch(r), r.legend ?? ''));
  }
  return root;
}
