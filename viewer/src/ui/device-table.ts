/**
 * The device table beside the scene: every device with its place and state, filtered by the search box,
 * navigable with the keyboard (↑ ↓ Home End PageUp PageDown move, Enter opens the device's panel).
 */
import { h } from './dom.ts';

export interface TableRow {
  id: string;
  name: string;
  type: string;
  where: string;
  state: string;
  online: boolean | null;
  color: string;
}

/** Rows drawn at once; a search narrows the rest. */
export const MAX_ROWS = 300;

export class DeviceTable {
  readonly el: HTMLElement;
  readonly #body: HTMLElement;
  readonly #note: HTMLElement;
  readonly #rows = new Map<string, HTMLElement>();
  #filter = '';
  #all: TableRow[] = [];
  #selected: string | null = null;

  readonly onOpen: (id: string) => void;

  constructor(onOpen: (id: string) => void) {
    this.onOpen = onOpen;
    this.#body = h('tbody');
    this.#note = h('p', { class: 'table-note', 'aria-live': 'polite' });
    this.el = h(
      'section',
      { class: 'device-table', 'aria-label': 'Devices' },
      h(
        'table',
        { role: 'grid', 'aria-label': 'Devices: arrow keys move, Enter opens' },
        h('thead', {}, h('tr', {}, ...['Device', 'Room', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
        this.#body,
      ),
      this.#note,
    );
    this.#body.addEventListener('keydown', (e) => this.#key(e));
    this.#body.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest('tr');
      if (row?.dataset.id) this.#open(row);
    });
  }

  /** The whole list (after a registry change). */
  setRows(rows: TableRow[]): void {
    this.#all = rows;
    this.#render();
  }

  /** One device's row changed. */
  updateRow(row: TableRow): void {
    const i = this.#all.findIndex((r) => r.id === row.id);
    if (i >= 0) this.#all[i] = row;
    const tr = this.#rows.get(row.id);
    if (tr) this.#fill(tr, row);
  }

  setFilter(text: string): void {
    this.#filter = text.trim().toLowerCase();
    this.#render();
  }

  /** Ids matching the current filter, in table order. */
  matches(): string[] {
    return this.#all.filter((r) => this.#matches(r)).map((r) => r.id);
  }

  select(id: string | null): void {
    this.#rows.get(this.#selected ?? '')?.setAttribute('aria-selected', 'false');
    this.#selected = id;
    const tr = id ? this.#rows.get(id) : undefined;
    tr?.setAttribute('aria-selected', 'true');
    tr?.scrollIntoView({ block: 'nearest' });
  }

  #matches(r: TableRow): boolean {
    if (!this.#filter) return true;
    return `${r.id} ${r.name} ${r.type} ${r.where} ${r.state}`.toLowerCase().includes(this.#filter);
  }

  #render(): void {
    const shown = this.#all.filter((r) => this.#matches(r));
    this.#rows.clear();
    const frag = document.createDocumentFragment();
    shown.slice(0, MAX_ROWS).forEach((r, i) => {
      const tr = h('tr', {
        'data-id': r.id,
        tabindex: i === 0 ? 0 : -1,
        'aria-selected': r.id === this.#selected ? 'true' : 'false',
      });
      this.#fill(tr, r);
      this.#rows.set(r.id, tr);
      frag.append(tr);
    });
    this.#body.replaceChildren(frag);
    this.#note.textContent =
      shown.length > MAX_ROWS
        ? `${MAX_ROWS} of ${shown.length} devices shown; type in the search box to narrow.`
        : `${shown.length} device${shown.length === 1 ? '' : 's'}`;
  }

  #fill(tr: HTMLElement, r: TableRow): void {
    tr.dataset.online = String(r.online);
    tr.replaceChildren(
      h(
        'td',
        { title: `${r.name} (${r.type.replace('_', ' ')})` },
        h('span', { class: 'dot', style: `background:${r.color}` }),
        r.id,
      ),
      h('td', { title: r.where }, r.where.split(' · ').pop() ?? ''),
      h('td', { title: r.state }, r.state),
    );
  }

  #open(tr: HTMLElement): void {
    for (const row of this.#rows.values()) row.tabIndex = -1;
    tr.tabIndex = 0;
    tr.focus();
    if (tr.dataset.id) this.onOpen(tr.dataset.id);
  }

  #key(e: KeyboardEvent): void {
    const tr = (e.target as HTMLElement).closest('tr');
    if (!tr) return;
    const rows = [...this.#rows.values()];
    const i = rows.indexOf(tr);
    const to = (j: number) => {
      const next = rows[Math.max(0, Math.min(rows.length - 1, j))];
      if (!next) return;
      e.preventDefault();
      tr.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    };
    switch (e.key) {
      case 'ArrowDown':
        return to(i + 1);
      case 'ArrowUp':
        return to(i - 1);
      case 'PageDown':
        return to(i + 10);
      case 'PageUp':
        return to(i - 10);
      case 'Home':
        return to(0);
      case 'End':
        return to(rows.length - 1);
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.#open(tr);
    }
  }
}
