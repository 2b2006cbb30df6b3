/**
 * Under device auth (`twinbench load --device-auth`) every virtual device logs in as itself, and the
 * broker must know its id first. How many devices a script makes is only known as it runs (arrival
 * phases, loops), so the engine asks the runner for them in blocks, ahead of the connects that need
 * them: POST `{ ids }` to TWINBENCH_LOAD_REGISTER, answered once the broker takes the new logins.
 */
import { loadDeviceId } from '../../simulator/index.ts';
import type { DeviceType } from '../../twin/index.ts';
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';

/** Ids registered per request: one rewrite of the broker's password file each. */
export const LOGIN_BLOCK = 200;

export class DeviceLogins {
  readonly #url: string;
  readonly #idPrefix: string;
  readonly #block: number;
  readonly #blocks = new Map<string, Promise<void>>();

  constructor(o: { registerUrl: string; idPrefix: string; block?: number }) {
    this.#url = o.registerUrl;
    this.#idPrefix = o.idPrefix;
    this.#block = o.block ?? LOGIN_BLOCK;
  }

  /** Resolves once device `index` of `type` may log in; the next block is asked for at the same time. */
  async admit(type: DeviceType, index: number): Promise<void> {
    const b = Math.floor(index / this.#block);
    const current = this.#request(type, b);
    void this.#request(type, b + 1).catch(() => undefined); // ahead of the connects that need it
    await current;
  }

  #request(type: DeviceType, b: number): Promise<void> {
    const key = `${type}|${b}`;
    let p = this.#blocks.get(key);
    if (!p) {
      const ids = Array.from({ length: this.#block }, (_, i) =>
        loadDeviceId(this.#idPrefix, type, b * this.#block + i),
      );
      p = this.#post(ids);
      // A failed block is asked for again by the next device that needs it.
      p.catch(() => this.#blocks.delete(key));
      this.#blocks.set(key, p);
    }
    return p;
  }

  async #post(ids: string[]): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (cause) {
      throw new LoadError(
        LOAD_ERROR_CODES.DEVICE_LOGINS,
        `could not register device logins at ${this.#url} (${(cause as Error).message}); is \`twinbench load\` still running?`,
        { cause },
      );
    }
    if (!res.ok)
      throw new LoadError(
        LOAD_ERROR_CODES.DEVICE_LOGINS,
        `registering device logins ${ids[0]}… answered ${res.status}: ${await res.text()}`,
      );
  }
}
