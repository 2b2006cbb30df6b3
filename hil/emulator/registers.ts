import type { ChipPersonality } from './personalities.ts';
import { macWords } from './personalities.ts';

/** JEDEC ids per flash size: Winbond (0xEF) W25Q-series, capacity byte as esptool decodes it. */
const CAPACITY_CODE: Readonly<Record<number, number>> = { 1: 0x14, 2: 0x15, 4: 0x16, 8: 0x17, 16: 0x18 };
const SPI_CMD_USR = 1 << 18;
const SPIFLASH_RDID = 0x9f;
export const CHIP_DETECT_MAGIC_REG = 0x40001000;

/**
 * The registers the ROM loader lets a host read and write (READ_REG/WRITE_REG), as far as esptool
 * uses them: the chip magic, efuse words (MAC, revision, package), the UART divider, the console
 * peripheral number, and the SPI peripheral's user-command machinery, enough for RDID (flash id).
 * Everything else reads back what was written, or 0.
 */
export class RegisterFile {
  #store = new Map<number, number>();

  private readonly p: ChipPersonality;
  private readonly flashSizeMiB: number;
  private readonly uartBaud: () => number;

  constructor(
    p: ChipPersonality,
    mac: Uint8Array,
    flashSizeMiB: number,
    uartBaud: () => number,
    resetCircuit: 'classic' | 'usb-jtag-serial',
  ) {
    this.p = p;
    this.flashSizeMiB = flashSizeMiB;
    this.uartBaud = uartBaud;
    for (const [addr, v] of Object.entries(p.registers)) this.#store.set(Number(addr), v);
    const { mac0, mac1 } = macWords(mac);
    this.#store.set(p.macRegisters.mac0, mac0);
    this.#store.set(p.macRegisters.mac1, mac1);
    this.#store.set(CHIP_DETECT_MAGIC_REG, p.magicValue);
    if (p.uartDevBufNo) {
      this.#store.set(
        p.uartDevBufNo.address,
        resetCircuit === 'usb-jtag-serial' ? p.uartDevBufNo.usbJtagSerial : 0,
      );
    }
  }

  /** The JEDEC id RDID returns: manufacturer, memory type, capacity. */
  get flashId(): number {
    return 0xef | (0x40 << 8) | ((CAPACITY_CODE[this.flashSizeMiB] ?? 0x16) << 16);
  }

  read(address: number): number {
    const a = address >>> 0;
    if (this.p.uartClkdivReg !== undefined && a === this.p.uartClkdivReg) {
      // esptool: xtal = baud × divider / 1e6; a 40 MHz crystal.
      return Math.round(40_000_000 / this.uartBaud()) & 0xfffff;
    }
    return (this.#store.get(a) ?? 0) >>> 0;
  }

  write(address: number, value: number, mask = 0xffffffff): void {
    const a = address >>> 0;
    const old = this.#store.get(a) ?? 0;
    const v = ((old & ~mask) | (value & mask)) >>> 0;
    this.#store.set(a, v);
    if (a === this.p.spi.base && (v & SPI_CMD_USR) !== 0) this.#runSpiUserCommand();
  }

  #runSpiUserCommand(): void {
    const { base, usr2Offs, w0Offs } = this.p.spi;
    const command = (this.#store.get(base + usr2Offs) ?? 0) & 0xffff;
    if (command === SPIFLASH_RDID) this.#store.set(base + w0Offs, this.flashId);
    else this.#store.set(base + w0Offs, 0);
    // The command completes at once: the USR bit reads back clear.
    this.#store.set(base, (this.#store.get(base) ?? 0) & ~SPI_CMD_USR);
  }
}
