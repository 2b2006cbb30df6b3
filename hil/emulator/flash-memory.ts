import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { md5 } from '../image/bytes.ts';
import { EmulatorError } from './errors.ts';

export const SECTOR_SIZE = 0x1000;

/**
 * The board's SPI flash: `size` bytes, 0xFF when erased. Writes AND into the cells, as NOR flash does
 * (a write can only clear bits; erase sets them). With `file`, every change is written through to
 * that file at the same offset, so a board keeps its flash between runs.
 */
export class FlashMemory {
  readonly bytes: Uint8Array;
  #fd: number | undefined;

  readonly size: number;
  readonly file: string | undefined;

  constructor(size: number, file?: string) {
    this.size = size;
    this.file = file;
    this.bytes = new Uint8Array(size).fill(0xff);
    if (!file) return;
    try {
      const existed = existsSync(file);
      this.#fd = openSync(file, existed ? 'r+' : 'w+');
      const have = fstatSync(this.#fd).size;
      if (existed && have > 0) readSync(this.#fd, this.bytes, 0, Math.min(have, size), 0);
      if (have !== size) {
        ftruncateSync(this.#fd, size);
        if (have < size) writeSync(this.#fd, this.bytes, have, size - have, have);
      }
    } catch (cause) {
      throw new EmulatorError(
        `cannot use ${file} as the emulated flash: ${String(cause)}; pass a writable path`,
        {
          cause,
        },
      );
    }
  }

  #check(offset: number, length: number, what: string): void {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new EmulatorError(
        `${what} 0x${offset.toString(16)}+0x${length.toString(16)} is outside the ${this.size / 0x100000} MiB flash`,
      );
    }
  }

  #persist(offset: number, length: number): void {
    if (this.#fd !== undefined) writeSync(this.#fd, this.bytes, offset, length, offset);
  }

  inRange(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.size;
  }

  read(offset: number, length: number): Uint8Array {
    this.#check(offset, length, 'read');
    return this.bytes.slice(offset, offset + length);
  }

  /** NOR semantics: bits only go from 1 to 0. */
  write(offset: number, data: Uint8Array): void {
    this.#check(offset, data.length, 'write');
    for (let i = 0; i < data.length; i++)
      this.bytes[offset + i] = (this.bytes[offset + i] ?? 0xff) & (data[i] ?? 0xff);
    this.#persist(offset, data.length);
  }

  /** Erases whole sectors covering [offset, offset + length). */
  erase(offset: number, length: number): void {
    const start = Math.floor(offset / SECTOR_SIZE) * SECTOR_SIZE;
    const end = Math.min(this.size, Math.ceil((offset + length) / SECTOR_SIZE) * SECTOR_SIZE);
    this.#check(start, end - start, 'erase');
    this.bytes.fill(0xff, start, end);
    this.#persist(start, end - start);
  }

  eraseAll(): void {
    this.erase(0, this.size);
  }

  md5(offset: number, length: number): Uint8Array {
    this.#check(offset, length, 'md5');
    return md5(this.bytes.subarray(offset, offset + length));
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
