import { CHIPS, type ChipImageFacts, type ChipName } from '../image/chips.ts';

/**
 * What makes an emulated ESP32, ESP32-S3 or ESP32-C3 itself, as data: the ROM loader's answers
 * (chip magic register, GET_SECURITY_INFO, efuse words where esptool reads the MAC and revision),
 * the reset circuit in front of it, and what its ROM prints. Values from esptool/esptool-js
 * `targets/` and from boards' boot logs.
 */
export type ResetCircuit = 'classic' | 'usb-jtag-serial';

/** Why the chip (re)started; each personality prints its own `rst:` text for it. */
export type ResetReason = 'power-on' | 'en' | 'usb' | 'sw-cpu' | 'panic' | 'sw-sys' | 'rtc-wdt';

export interface ChipPersonality extends ChipImageFacts {
  /** Value of the chip-detect magic register 0x40001000. */
  magicValue: number;
  /** GET_SECURITY_INFO: `undefined` when the ROM does not know the command (ESP32). */
  securityInfo: { flags: number; chipId: number; ecoVersion: number } | undefined;
  /** The ROM appends 4 status bytes (the stub 2). */
  romStatusBytes: number;
  /** Registers the ROM reads back (efuse words, revision, UART date) other than the MAC. */
  registers: Readonly<Record<number, number>>;
  /** Where the efuse MAC words sit and how esptool reads them (`mac0` low 32 bits, `mac1` high 16). */
  macRegisters: { mac0: number; mac1: number };
  /** Espressif OUI used for default MACs. */
  oui: readonly [number, number, number];
  /** UART clock divider register esptool reads to guess the crystal (ESP32 only). */
  uartClkdivReg?: number;
  /** Register telling the stub which peripheral carries the console, and its value per circuit. */
  uartDevBufNo?: { address: number; usbJtagSerial: number };
  /** The SPI0/1 peripheral esptool drives for RDID (`runSpiflashCommand`). */
  spi: { base: number; usrOffs: number; usr2Offs: number; w0Offs: number };
  resetCircuit: ResetCircuit;
  /** USB identity of the built-in USB-JTAG-serial (esptool-js picks UsbJtagSerialReset by it). */
  usb?: { vendorId: number; productId: number };
  arch: 'xtensa' | 'riscv';
  cores: 1 | 2;
  cpuFreqMhz: number;
  /** Printed `Chip rev:` / `chip revision:`. */
  revision: string;
  rom: {
    banner: readonly string[];
    resetReasons: Readonly<Record<ResetReason, string>>;
    bootFlash: string;
    bootDownload: string;
    /** Lines between `rst:` and the `load:` lines on a flash boot. */
    preload: readonly string[];
    /** `len:` printed in hex (`0x178c`) rather than decimal. */
    loadLenHex: boolean;
  };
}

const ESP32: ChipPersonality = {
  ...CHIPS.esp32,
  magicValue: 0x00f01d83,
  securityInfo: undefined,
  romStatusBytes: 4,
  registers: {
    0x3ff5a00c: (1 << 15) | (1 << 9), // efuse word 3: rev bit 0, package D0WD
    0x3ff5a014: 1 << 20, // efuse word 5: rev bit 1
    0x3ff6607c: 0x80000000, // APB_CTRL_DATE: rev bit 2 → revision 3
    0x60000078: 0x15122500, // UART_DATE
  },
  macRegisters: { mac0: 0x3ff5a004, mac1: 0x3ff5a008 },
  oui: [0x24, 0x0a, 0xc4],
  uartClkdivReg: 0x3ff40014,
  spi: { base: 0x3ff42000, usrOffs: 0x1c, usr2Offs: 0x24, w0Offs: 0x80 },
  resetCircuit: 'classic',
  arch: 'xtensa',
  cores: 2,
  cpuFreqMhz: 160,
  revision: 'v3.0',
  rom: {
    banner: ['ets Jun  8 2016 00:22:57', ''],
    resetReasons: {
      'power-on': 'rst:0x1 (POWERON_RESET)',
      en: 'rst:0x10 (RTCWDT_RTC_RESET)',
      usb: 'rst:0x1 (POWERON_RESET)',
      'sw-cpu': 'rst:0xc (SW_CPU_RESET)',
      panic: 'rst:0xc (SW_CPU_RESET)',
      'sw-sys': 'rst:0x3 (SW_RESET)',
      'rtc-wdt': 'rst:0x10 (RTCWDT_RTC_RESET)',
    },
    bootFlash: 'boot:0x13 (SPI_FAST_FLASH_BOOT)',
    bootDownload: 'boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))',
    preload: [
      'configsip: 0, SPIWP:0xee',
      'clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00',
      'mode:DIO, clock div:2',
    ],
    loadLenHex: false,
  },
};

const S3_C3_RESETS: Readonly<Record<ResetReason, string>> = {
  'power-on': 'rst:0x1 (POWERON)',
  en: 'rst:0x1 (POWERON)',
  usb: 'rst:0x15 (USB_UART_CHIP_RESET)',
  'sw-cpu': 'rst:0xc (RTC_SW_CPU_RST)',
  panic: 'rst:0xc (RTC_SW_CPU_RST)',
  'sw-sys': 'rst:0x3 (RTC_SW_SYS_RST)',
  'rtc-wdt': 'rst:0x10 (RTCWDT_RTC_RST)',
};

const ESP32S3: ChipPersonality = {
  ...CHIPS.esp32s3,
  magicValue: 0x9,
  securityInfo: { flags: 0, chipId: 9, ecoVersion: 0 },
  romStatusBytes: 4,
  registers: {
    0x60007050: 2 << 18, // efuse block1 word 3: minor revision 2
    0x60007058: 0, // block1 word 5: major 0
    0x60000080: 0x2101150, // UART_DATE
  },
  macRegisters: { mac0: 0x60007044, mac1: 0x60007048 },
  oui: [0xf4, 0x12, 0xfa],
  uartDevBufNo: { address: 0x3fcef14c, usbJtagSerial: 4 },
  spi: { base: 0x60002000, usrOffs: 0x18, usr2Offs: 0x20, w0Offs: 0x58 },
  resetCircuit: 'usb-jtag-serial',
  usb: { vendorId: 0x303a, productId: 0x1001 },
  arch: 'xtensa',
  cores: 2,
  cpuFreqMhz: 160,
  revision: 'v0.2',
  rom: {
    banner: ['ESP-ROM:esp32s3-20210327', 'Build:Mar 27 2021'],
    resetReasons: S3_C3_RESETS,
    bootFlash: 'boot:0x8 (SPI_FAST_FLASH_BOOT)',
    bootDownload: 'boot:0x0 (DOWNLOAD(USB/UART0))',
    preload: ['SPIWP:0xee', 'mode:DIO, clock div:1'],
    loadLenHex: true,
  },
};

const ESP32C3: ChipPersonality = {
  ...CHIPS.esp32c3,
  magicValue: 0x1b31506f,
  securityInfo: { flags: 0, chipId: 5, ecoVersion: 3 },
  romStatusBytes: 4,
  registers: {
    0x60008850: 4 << 18, // efuse block1 word 3: minor revision 4
    0x60008858: 0, // block1 word 5: major 0
    0x6000007c: 0x2008270, // UART_DATE
  },
  macRegisters: { mac0: 0x60008844, mac1: 0x60008848 },
  oui: [0x58, 0xcf, 0x79],
  uartDevBufNo: { address: 0x3fcdf07c, usbJtagSerial: 3 },
  spi: { base: 0x60002000, usrOffs: 0x18, usr2Offs: 0x20, w0Offs: 0x58 },
  resetCircuit: 'usb-jtag-serial',
  usb: { vendorId: 0x303a, productId: 0x1001 },
  arch: 'riscv',
  cores: 1,
  cpuFreqMhz: 160,
  revision: 'v0.4',
  rom: {
    banner: ['ESP-ROM:esp32c3-api1-20210207', 'Build:Feb  7 2021'],
    resetReasons: S3_C3_RESETS,
    bootFlash: 'boot:0xc (SPI_FAST_FLASH_BOOT)',
    bootDownload: 'boot:0x7 (DOWNLOAD(USB/UART0/1))',
    preload: ['SPIWP:0xee', 'mode:DIO, clock div:1'],
    loadLenHex: true,
  },
};

export const PERSONALITIES: Readonly<Record<ChipName, ChipPersonality>> = Object.freeze({
  esp32: ESP32,
  esp32s3: ESP32S3,
  esp32c3: ESP32C3,
});

/** `aa:bb:cc:dd:ee:ff` → bytes; throws on anything else. */
export function parseMac(mac: string): Uint8Array {
  const parts = mac.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-f]{2}$/i.test(p))) {
    throw new RangeError(`"${mac}" is not a MAC address (aa:bb:cc:dd:ee:ff)`);
  }
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

export function formatMac(mac: Uint8Array): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The two efuse words esptool reads the MAC from (`readMac`: mac1 bytes 1..0, mac0 bytes 3..0). */
export function macWords(mac: Uint8Array): { mac0: number; mac1: number } {
  const b = (i: number) => mac[i] ?? 0;
  return {
    mac0: ((b(2) << 24) | (b(3) << 16) | (b(4) << 8) | b(5)) >>> 0,
    mac1: ((b(0) << 8) | b(1)) >>> 0,
  };
}
