/**
 * Remembers which image (by SHA-256) was last written at which address of which board (by its rig
 * identity: USB serial number, location or MAC — not the tty name, which changes). A hit is only a
 * hint: the flasher confirms it with the flash MD5 the board computes over the link before it skips
 * a write, so a board flashed by someone else in between is flashed again.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FlashCacheEntry {
  sha256: string;
  /** MD5 of the bytes as written (padded to 4), as SPI_FLASH_MD5 reports it. */
  md5: string;
  size: number;
  writtenAt: string;
}

type CacheFile = Record<string, Record<string, FlashCacheEntry>>;

export class FlashCache {
  readonly path: string;

  constructor(path = '.twinbench/flash-cache.json') {
    this.path = path;
  }

  async lookup(board: string, address: number, sha256: string): Promise<FlashCacheEntry | undefined> {
    const entry = (await this.load())[board]?.[hexAddress(address)];
    return entry?.sha256 === sha256 ? entry : undefined;
  }

  async record(board: string, address: number, entry: FlashCacheEntry): Promise<void> {
    const all = await this.load();
    (all[board] ??= {})[hexAddress(address)] = entry;
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`);
    await rename(tmp, this.path);
  }

  async forget(board: string): Promise<void> {
    const all = await this.load();
    if (!(board in all)) return;
    delete all[board];
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path, `${JSON.stringify(all, null, 2)}\n`);
  }

  private async load(): Promise<CacheFile> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as CacheFile;
    } catch {
      return {};
    }
  }
}

function hexAddress(address: number): string {
  return `0x${address.toString(16)}`;
}
