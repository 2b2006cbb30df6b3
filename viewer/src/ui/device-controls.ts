/**
 * A device's commands and desired properties as buttons and inputs, taken from its type in twin/
 * (DEVICE_SPECS): breaker open/close/reset and its `closed` switch, sensor interval, camera recording.
 */
import { DEVICE_SPECS, type FieldSpec } from '../../../twin/index.ts';
import { h } from './dom.ts';

export interface ControlActions {
  command(name: string): void;
  setDesired(name: string, value: number | boolean | string): void;
}

function specOf(type: string) {
  return (
    DEVICE_SPECS as Record<
      string,
      { commands: Record<string, { description: string }>; desired: Record<string, FieldSpec> } | undefined
    >
  )[type];
}

function input(
  name: string,
  f: FieldSpec,
): { el: HTMLElement; value(): number | boolean | string | undefined } {
  if (f.kind === 'boolean') {
    const sel = h(
      'select',
      { name, 'aria-label': name },
      h('option', { value: 'true' }, 'true'),
      h('option', { value: 'false' }, 'false'),
    );
    return { el: sel, value: () => sel.value === 'true' };
  }
  if (f.enum) {
    const sel = h('select', { name, 'aria-label': name }, ...f.enum.map((v) => h('option', { value: v }, v)));
    return { el: sel, value: () => sel.value };
  }
  if (f.kind === 'string') {
    const inp = h('input', { name, 'aria-label': name, type: 'text' });
    return { el: inp, value: () => inp.value };
  }
  const inp = h('input', {
    name,
    'aria-label': `${name}${f.unit ? ` (${f.unit})` : ''}`,
    type: 'number',
    min: f.min,
    max: f.max,
    step: f.kind === 'integer' ? 1 : 'any',
  });
  return { el: inp, value: () => (inp.value === '' ? undefined : Number(inp.value)) };
}

export function renderControls(type: string, actions: ControlActions): HTMLElement {
  const spec = specOf(type);
  const root = h('div', { class: 'controls' });
  if (!spec) {
    root.append(h('p', { class: 'muted' }, 'A generic thing: its type is not known, so it has no commands.'));
    return root;
  }
  const commands = Object.entries(spec.commands);
  if (commands.length > 0)
    root.append(
      h('h3', {}, 'Commands'),
      h(
        'div',
        { class: 'command-buttons' },
        ...commands.map(([name, c]) =>
          h(
            'button',
            {
              type: 'button',
              'data-command': name,
              title: c.description,
              onclick: () => actions.command(name),
            },
            name,
          ),
        ),
      ),
    );
  const desired = Object.entries(spec.desired);
  if (desired.length > 0) {
    root.append(h('h3', {}, 'Desired state'));
    for (const [name, f] of desired) {
      const i = input(name, f);
      const form = h(
        'form',
        {
          class: 'desired-row',
          'data-desired': name,
          onsubmit: (e: SubmitEvent) => {
            e.preventDefault();
            const v = i.value();
            if (v !== undefined && !(typeof v === 'number' && Number.isNaN(v))) actions.setDesired(name, v);
          },
        },
        h('label', { title: f.description }, name, f.unit ? ` (${f.unit})` : ''),
        i.el,
        h('button', { type: 'submit' }, 'Set'),
      );
      root.append(form);
    }
  }
  return root;
}
