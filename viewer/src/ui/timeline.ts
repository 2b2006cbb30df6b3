/**
 * The replay bar: a scrubber over a window of history with events marked on it, play/pause, a speed
 * (1× … 3600×), the instant shown, and a Live button that returns to the stream.
 */
import type { ReplayEvent } from '../replay/replay-model.ts';
import { h } from './dom.ts';

export const SPEEDS = [1, 10, 60, 600, 3600] as const;
export const WINDOWS: [string, number][] = [
  ['1 h', 3_600_000],
  ['6 h', 21_600_000],
  ['24 h', 86_400_000],
  ['3 d', 259_200_000],
];

export interface TimelineHandlers {
  /** The user moved the scrubber (while dragging: `final` false). */
  seek(t: number, final: boolean): void;
  play(on: boolean): void;
  speed(x: number): void;
  live(): void;
  window(spanMs: number): void;
}

/** Marks drawn at most; more events are thinned evenly. */
const MAX_MARKS = 400;

export class Timeline {
  readonly el: HTMLElement;
  readonly #range: HTMLInputElement;
  readonly #marks: HTMLElement;
  readonly #label: HTMLElement;
  readonly #play: HTMLButtonElement;
  readonly #live: HTMLButtonElement;
  readonly #message: HTMLElement;
  #from = Date.now() - 86_400_000;
  #to = Date.now();
  #playing = false;

  constructor(h_: TimelineHandlers) {
    this.#range = h('input', {
      type: 'range',
      min: 0,
      max: 1000,
      value: 1000,
      step: 1,
      'aria-label': 'Replay time',
      class: 'scrubber',
    });
    this.#range.addEventListener('input', () => h_.seek(this.#valueTime(), false));
    this.#range.addEventListener('change', () => h_.seek(this.#valueTime(), true));
    this.#marks = h('div', { class: 'marks', 'aria-hidden': 'true' });
    this.#label = h('output', { class: 'replay-time' }, 'live');
    this.#play = h(
      'button',
      { type: 'button', class: 'play', 'aria-pressed': 'false', onclick: () => h_.play(!this.#playing) },
      '▶ play',
    );
    this.#live = h('button', { type: 'button', class: 'live', onclick: () => h_.live() }, '● Live');
    this.#message = h('span', { class: 'timeline-message', role: 'status' });
    const speed = h(
      'select',
      {
        'aria-label': 'Replay speed',
        onchange: (e: Event) => h_.speed(Number((e.target as HTMLSelectElement).value)),
      },
      ...SPEEDS.map((s) => h('option', { value: s }, `${s}×`)),
    );
    const win = h(
      'select',
      {
        'aria-label': 'Replay window',
        onchange: (e: Event) => h_.window(Number((e.target as HTMLSelectElement).value)),
      },
      ...WINDOWS.map(([t, ms]) => h('option', { value: ms, selected: ms === 86_400_000 }, `last ${t}`)),
    );
    this.el = h(
      'footer',
      { class: 'timeline' },
      this.#play,
      speed,
      win,
      h('div', { class: 'track' }, this.#marks, this.#range),
      this.#label,
      this.#live,
      this.#message,
    );
  }

  setWindow(from: number, to: number): void {
    this.#from = from;
    this.#to = to;
  }

  get window(): [number, number] {
    return [this.#from, this.#to];
  }

  /** Shows `t` (undefined: live). */
  show(t: number | undefined): void {
    this.el.classList.toggle('replaying', t !== undefined);
    this.#live.disabled = t === undefined;
    if (t === undefined) {
      this.#range.value = '1000';
      this.#label.textContent = 'live';
      return;
    }
    this.#range.value = String(Math.round(((t - this.#from) / (this.#to - this.#from)) * 1000));
    this.#label.textContent = new Date(t).toLocaleString();
    this.#label.dataset.t = String(Math.round(t));
  }

  setPlaying(on: boolean): void {
    this.#playing = on;
    this.#play.textContent = on ? '❚❚ pause' : '▶ play';
    this.#play.setAttribute('aria-pressed', String(on));
  }

  setEvents(events: readonly ReplayEvent[]): void {
    const step = Math.max(1, Math.ceil(events.length / MAX_MARKS));
    const span = this.#to - this.#from;
    this.#marks.replaceChildren(
      ...events
        .filter((_, i) => i % step === 0)
        .map((e) =>
          h('span', {
            class: `mark ${e.type}`,
            style: `left:${(((e.t - this.#from) / span) * 100).toFixed(2)}%`,
            title: `${new Date(e.t).toLocaleString()} ${e.type} on ${e.deviceId}`,
          }),
        ),
    );
  }

  message(text: string): void {
    this.#message.textContent = text;
  }

  #valueTime(): number {
    return this.#from + (Number(this.#range.value) / 1000) * (this.#to - this.#from);
  }
}
