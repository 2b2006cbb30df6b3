import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { findToken, readTokenFile, type ApiRole, type TokenRecord } from '../../runtime/index.ts';

/** Who a request is, once its token matched. */
export interface Identity {
  name: string;
  role: ApiRole;
}

/**
 * The token file's digests in memory. The file is polled (fs.watchFile: works on every file system,
 * bind mounts included) so `twinbench token create|revoke` act on a running platform within about a
 * second; a file that turns unreadable keeps the last good tokens and logs why.
 */
export class TokenBook {
  readonly file: string;
  #records: readonly TokenRecord[] = [];
  readonly #log: FastifyBaseLogger;
  readonly #onChange: (curr: Stats, prev: Stats) => void;
  readonly #reloaded = new Set<() => void>();

  private constructor(file: string, log: FastifyBaseLogger) {
    this.file = file;
    this.#log = log;
    this.#onChange = (curr, prev) => {
      if (curr.mtimeMs !== prev.mtimeMs || curr.ino !== prev.ino) void this.reload();
    };
  }

  /** Reads the file once (a bad file fails the start) and watches it. */
  static async open(file: string, log: FastifyBaseLogger, pollMs = 1_000): Promise<TokenBook> {
    const book = new TokenBook(file, log);
    book.#records = (await readTokenFile(file)).tokens;
    watchFile(file, { interval: pollMs, persistent: false }, book.#onChange);
    return book;
  }

  get size(): number {
    return this.#records.length;
  }

  async reload(): Promise<void> {
    try {
      this.#records = (await readTokenFile(this.file)).tokens;
      this.#log.info({ tokens: this.#records.length }, 'token file re-read');
      for (const listener of this.#reloaded) listener();
    } catch (err) {
      this.#log.error({ err }, 'token file unreadable: keeping the tokens read before');
    }
  }

  /** Calls `listener` after each re-read of the file; returns how to stop. */
  onReload(listener: () => void): () => void {
    this.#reloaded.add(listener);
    return () => this.#reloaded.delete(listener);
  }

  identify(token: string): Identity | undefined {
    const r = findToken(this.#records, token);
    return r ? { name: r.name, role: r.role } : undefined;
  }

  close(): void {
    unwatchFile(this.file, this.#onChange);
  }
}
