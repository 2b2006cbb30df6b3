/**
 * Replay: loads the fleet's history for the timeline's window, shows the fleet at the scrubbed instant
 * (an exact snapshot where the scrubber stops), plays it at 1×–3600×, and hands the scene back to the
 * live stream on "Live".
 */
import type { RestClient } from '../api/rest-client.ts';
import { ViewerError } from '../errors.ts';
import { bucketFor, ReplayModel, type ReplayDeviceState } from './replay-model.ts';

export interface ReplayHost {
  rest: RestClient;
  /** Fields the bindings read. */
  fields(): string[];
  /** Show the fleet at `t` (each device's state from `stateAt`). */
  show(t: number, stateAt: (id: string) => ReplayDeviceState): void;
  /** Back to live. */
  live(): void;
  events(model: ReplayModel): void;
  message(text: string): void;
  playing(on: boolean): void;
  windowChanged(from: number, to: number): void;
}

/** Scene updates while playing, per second (each one re-evaluates every device). */
const UPDATES_PER_SECOND = 10;

export class ReplayController {
  #model: ReplayModel | undefined;
  #loading: Promise<ReplayModel | undefined> | undefined;
  #window: [number, number] = [Date.now() - 86_400_000, Date.now()];
  #t: number | undefined;
  #speed = 1;
  #playing = false;
  #lastTick = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly host: ReplayHost;

  constructor(host: ReplayHost) {
    this.host = host;
  }

  get active(): boolean {
    return this.#t !== undefined;
  }

  get time(): number | undefined {
    return this.#t;
  }

  get window(): [number, number] {
    return this.#window;
  }

  setWindow(spanMs: number): void {
    this.#slide(spanMs);
    if (this.#t !== undefined) void this.seek(Math.max(this.#t, this.#window[0]), true);
  }

  /** The window ends now: history loaded for an older window is dropped. */
  #slide(spanMs = this.#window[1] - this.#window[0]): void {
    const now = Date.now();
    this.#window = [now - spanMs, now];
    this.#model = undefined;
    this.#loading = undefined;
    this.host.windowChanged(this.#window[0], this.#window[1]);
  }

  setSpeed(x: number): void {
    this.#speed = x;
  }

  /** Shows the fleet at `t`; with `exact`, asks the platform for a snapshot at that instant too. */
  async seek(t: number, exact: boolean): Promise<void> {
    // Entering replay, or asking for a time past the window: the window slides to end now.
    if (this.#t === undefined || t > this.#window[1]) this.#slide();
    this.#t = Math.min(Math.max(t, this.#window[0]), this.#window[1]);
    const model = await this.#load();
    if (!model || this.#t === undefined) return;
    if (exact) {
      const at = this.#t;
      const snap = await this.host.rest.snapshot(at, this.host.fields()).catch(() => undefined);
      if (this.#t !== at) return; // moved on meanwhile
      model.setSnapshot(snap);
    }
    this.#render();
  }

  play(on: boolean): void {
    if (on && this.#t === undefined) this.#t = this.#window[0];
    this.#playing = on;
    this.host.playing(on);
    if (on) {
      this.#model?.setSnapshot(undefined); // buckets only while moving
      this.#lastTick = performance.now();
      this.#tick();
    } else if (this.#timer) clearTimeout(this.#timer);
  }

  live(): void {
    this.play(false);
    this.#t = undefined;
    this.host.live();
  }

  async #load(): Promise<ReplayModel | undefined> {
    if (this.#model) return this.#model;
    this.#loading ??= (async () => {
      const [from, to] = this.#window;
      try {
        this.host.message('loading history…');
        const history = await this.host.rest.fleetHistory(from, to, bucketFor(to - from), this.host.fields());
        if (!history) {
          this.host.message('This platform has no /history/fleet route: replay needs a newer platform.');
          return undefined;
        }
        this.#model = new ReplayModel(history);
        this.host.events(this.#model);
        this.host.message(`${history.devices.length} devices, ${history.events.length} events`);
        return this.#model;
      } catch (e) {
        this.host.message(e instanceof ViewerError ? e.message : `history failed: ${(e as Error).message}`);
        this.#loading = undefined;
        return undefined;
      }
    })();
    return this.#loading;
  }

  #tick(): void {
    if (!this.#playing || this.#t === undefined) return;
    const now = performance.now();
    this.#t += (now - this.#lastTick) * this.#speed;
    this.#lastTick = now;
    if (this.#t >= this.#window[1]) {
      this.#t = this.#window[1];
      this.play(false);
    }
    this.#render();
    this.#timer = setTimeout(() => this.#tick(), 1000 / UPDATES_PER_SECOND);
  }

  #render(): void {
    const model = this.#model;
    const t = this.#t;
    if (!model || t === undefined) return;
    this.host.show(t, (id) => model.stateAt(id, t));
  }
}
