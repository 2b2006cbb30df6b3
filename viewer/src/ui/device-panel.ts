/**
 * The side panel of one device: where it is, online and last seen, its bound state, telemetry, the
 * shadow's reported / desired / delta, sparklines of the last 24 h (downsampled), and its commands and
 * desired properties with each command's status as it progresses.
 */
import type { CommandRecord } from '../api/wire.ts';
import type { RestClient } from '../api/rest-client.ts';
import type { Visual } from '../bindings/rules.ts';
import { toHex } from '../bindings/rules.ts';
import type { DeviceTwin } from '../state/device-twin.ts';
import { renderControls } from './device-controls.ts';
import { ago, clear, formatValue, h, type Child } from './dom.ts';
import { seriesFromHistory, sparkline } from './sparkline.ts';

/** Fields drawn as sparklines, per device type. */
export const SPARK_FIELDS: Record<string, [string, string][]> = {
  smart_breaker: [
    ['current_total', 'A'],
    ['load_percent', '%'],
    ['temperature', '°C'],
  ],
  env_sensor: [
    ['temperature', '°C'],
    ['humidity', '%RH'],
    ['battery', '%'],
  ],
  camera: [
    ['fps', 'fps'],
    ['bitrate_kbps', 'kbit/s'],
    ['storage_used_percent', '%'],
  ],
  gateway: [
    ['children_connected', ''],
    ['queue_depth', ''],
    ['uplink_rssi', 'dBm'],
  ],
};

export interface PanelContext {
  rest: RestClient;
  where(id: string): string;
  close(): void;
  /** The instant shown when replaying (panels are read-only then). */
  replayAt(): number | undefined;
}

export class DevicePanel {
  readonly el = h('aside', { class: 'device-panel', 'aria-label': 'Device', hidden: true });
  #id: string | null = null;
  #dynamic = h('div', { class: 'panel-dynamic' });
  #sparks = h('div', { class: 'sparks' });
  #status = h('p', { class: 'command-status', role: 'status', 'aria-live': 'polite' });
  #controls: HTMLElement = h('div');
  /** Commands sent from this panel, by id, for their status line. */
  #sent = new Map<string, CommandRecord>();

  readonly ctx: PanelContext;

  constructor(ctx: PanelContext) {
    this.ctx = ctx;
  }

  get deviceId(): string | null {
    return this.#id;
  }

  open(twin: DeviceTwin, visual: Visual | undefined): void {
    const d = twin.device;
    this.#id = d.id;
    this.#sent.clear();
    this.el.hidden = false;
    this.el.dataset.device = d.id;
    this.#controls = renderControls(d.type, {
      command: (name) => void this.#command(name),
      setDesired: (name, value) => void this.#desired(name, value),
    });
    this.#status.textContent = '';
    this.#status.removeAttribute('data-status');
    clear(this.el);
    this.el.append(
      h(
        'header',
        {},
        h('h2', {}, d.name),
        h(
          'button',
          {
            type: 'button',
            class: 'close',
            'aria-label': 'Close the panel',
            onclick: () => this.ctx.close(),
          },
          '×',
        ),
      ),
      h('p', { class: 'muted' }, `${d.id} · ${d.type.replace('_', ' ')} · ${this.ctx.where(d.id)}`),
      this.#dynamic,
      h('h3', {}, 'Last 24 h'),
      this.#sparks,
      this.#controls,
      this.#status,
    );
    this.update(twin, visual);
    void this.#loadSparks(d.id, d.type);
  }

  close(): void {
    this.#id = null;
    this.el.hidden = true;
  }

  update(twin: DeviceTwin, visual: Visual | undefined): void {
    if (twin.device.id !== this.#id) return;
    const replayAt = this.ctx.replayAt();
    this.#controls.toggleAttribute('inert', replayAt !== undefined);
    this.#controls.classList.toggle('disabled', replayAt !== undefined);
    const online = twin.online === null ? 'unknown' : twin.online ? 'online' : 'offline';
    const shadow = twin.shadow ?? {};
    const fields = Object.entries(twin.fields).sort(([a], [b]) => a.localeCompare(b));
    clear(this.#dynamic);
    const parts: Child[] = [
      replayAt !== undefined
        ? h(
            'p',
            { class: 'replay-note' },
            `As it was at ${new Date(replayAt).toLocaleString()} (replay: commands are live only)`,
          )
        : null,
      h(
        'p',
        { class: 'liveness' },
        h('span', { class: `badge ${online}`, 'data-online': online }, online),
        ` last seen ${ago(twin.lastSeen, replayAt ?? Date.now())}`,
      ),
      visual
        ? h(
            'p',
            { class: 'bound-state', 'data-color': toHex(visual.color) },
            h('span', { class: 'dot', style: `background:${toHex(visual.color)}` }),
            visual.state ?? '',
            visual.label ? ` · ${visual.label}` : '',
          )
        : null,
      h('h3', {}, 'Shadow'),
      h(
        'dl',
        { class: 'shadow' },
        ...(['reported', 'desired', 'delta'] as const).flatMap((k) => [
          h('dt', {}, k),
          h('dd', { 'data-shadow': k }, shadow[k] ? JSON.stringify(shadow[k]) : '–'),
        ]),
      ),
      h(
        'details',
        { class: 'telemetry', open: fields.length <= 12 },
        h('summary', {}, `Telemetry (${fields.length} fields)`),
        h('dl', {}, ...fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, formatValue(v))])),
      ),
    ];
    for (const p of parts) if (p) this.#dynamic.append(p as Node);
    for (const c of twin.commands) if (this.#sent.has(c.id)) this.#showCommand(c);
  }

  async #loadSparks(id: string, type: string): Promise<void> {
    const want = SPARK_FIELDS[type] ?? [];
    clear(this.#sparks);
    if (want.length === 0) return;
    const to = this.ctx.replayAt() ?? Date.now();
    try {
      const answer = await this.ctx.rest.history(id, {
        fields: want.map(([f]) => f).join(','),
        from: String(to - 86_400_000),
        to: String(to),
        every: '30m',
        agg: 'mean',
      });
      if (this.#id !== id) return;
      for (const [f, unit] of want)
        this.#sparks.append(sparkline(f, unit, seriesFromHistory(answer.columns, answer.rows, f)));
    } catch (e) {
      if (this.#id === id)
        this.#sparks.append(h('p', { class: 'muted' }, `No history: ${(e as Error).message}`));
    }
  }

  async #command(name: string): Promise<void> {
    const id = this.#id;
    if (!id) return;
    this.#status.textContent = `${name}: sending…`;
    this.#status.dataset.status = 'sending';
    try {
      const record = await this.ctx.rest.sendCommand(id, name);
      const known = this.#sent.get(record.id);
      // The stream may already have told a later status than the POST's answer.
      if (!known || order(record.status) >= order(known.status)) this.#sent.set(record.id, record);
      this.#showCommand(this.#sent.get(record.id) ?? record);
    } catch (e) {
      this.#status.textContent = `${name}: ${(e as Error).message}`;
      this.#status.dataset.status = 'error';
    }
  }

  /** A command change from the stream. */
  commandChanged(c: CommandRecord): void {
    if (c.deviceId !== this.#id) return;
    const known = this.#sent.get(c.id);
    if (known && order(c.status) < order(known.status)) return;
    this.#sent.set(c.id, c);
    this.#showCommand(c);
  }

  #showCommand(c: CommandRecord): void {
    this.#status.dataset.status = c.status;
    this.#status.dataset.command = c.name;
    this.#status.textContent = `${c.name}: ${c.status}${c.latencyMs !== undefined ? ` in ${c.latencyMs} ms` : ''}${c.error ? ` (${c.error})` : ''}`;
  }

  async #desired(name: string, value: number | boolean | string): Promise<void> {
    const id = this.#id;
    if (!id) return;
    try {
      await this.ctx.rest.setDesired(id, { [name]: value });
      this.#status.textContent = `desired ${name} = ${String(value)}: accepted; the device reports it when it applies it`;
      this.#status.dataset.status = 'desired';
    } catch (e) {
      this.#status.textContent = `desired ${name}: ${(e as Error).message}`;
      this.#status.dataset.status = 'error';
    }
  }
}

const ORDER = ['pending', 'delivered', 'succeeded', 'failed', 'timed_out'];
const order = (s: string) => (ORDER.indexOf(s) >= 2 ? 2 : ORDER.indexOf(s));
