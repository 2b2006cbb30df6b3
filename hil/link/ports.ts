/**
 * Port discovery for `twinbench hil ports` and rig identity: node serialport's list (udev on Linux),
 * completed from sysfs with the USB location (bus-port path such as `1-1.2`, which survives the
 * re-enumeration a USB-JTAG-serial board does after a reset) and, where udev is missing (containers),
 * read from sysfs altogether. Each port gets a chip guess from its USB bridge.
 */
import { readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SerialPort } from 'serialport';

export interface DiscoveredPort {
  path: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  manufacturer?: string;
  /** USB bus-port path (`1-1.2`). */
  location?: string;
  /** What the USB ids say (bridge and likely chip), when known. */
  guess?: BridgeGuess;
}

export interface BridgeGuess {
  bridge: string;
  chips: string;
  /** The reset sequence that usually fits (a name in RESET_SEQUENCES). */
  reset: 'tight' | 'usbJtagSerial';
}

/** USB ids of the bridges ESP32 boards use, as data. */
export const KNOWN_BRIDGES: readonly (BridgeGuess & { vendorId: number; productIds: readonly number[] })[] = [
  {
    vendorId: 0x10c4,
    productIds: [0xea60],
    bridge: 'Silicon Labs CP210x',
    chips: 'ESP32 family (USB-UART bridge)',
    reset: 'tight',
  },
  {
    vendorId: 0x1a86,
    productIds: [0x7523, 0x55d4],
    bridge: 'WCH CH340/CH9102',
    chips: 'ESP32 family (USB-UART bridge)',
    reset: 'tight',
  },
  {
    vendorId: 0x0403,
    productIds: [0x6001, 0x6010, 0x6015],
    bridge: 'FTDI FT232/FT2232/FT231X',
    chips: 'ESP32 family (USB-UART bridge; FT2232 on ESP-WROVER-KIT/ESP-Prog)',
    reset: 'tight',
  },
  {
    vendorId: 0x303a,
    productIds: [0x1001],
    bridge: 'Espressif USB-JTAG-serial',
    chips: 'ESP32-S3, ESP32-C3 or ESP32-C6 (built-in USB)',
    reset: 'usbJtagSerial',
  },
];

export function guessBridge(
  vendorId: number | undefined,
  productId: number | undefined,
): BridgeGuess | undefined {
  if (vendorId === undefined || productId === undefined) return undefined;
  const known = KNOWN_BRIDGES.find((b) => b.vendorId === vendorId && b.productIds.includes(productId));
  return known && { bridge: known.bridge, chips: known.chips, reset: known.reset };
}

export interface ListPortsOptions {
  /** serialport's list (injectable for tests). */
  list?: () => Promise<
    {
      path: string;
      vendorId?: string;
      productId?: string;
      serialNumber?: string;
      manufacturer?: string;
      locationId?: string;
    }[]
  >;
  /** Root of sysfs (tests point it at a fixture tree). */
  sysfs?: string;
}

/** Lists serial ports with USB identity and a chip guess. Never throws for a missing udev. */
export async function listPorts(options: ListPortsOptions = {}): Promise<DiscoveredPort[]> {
  const sysfs = options.sysfs ?? '/sys';
  const fromSysfs = await listFromSysfs(sysfs);
  let listed: DiscoveredPort[] = [];
  try {
    const raw = await (options.list ?? (() => SerialPort.list()))();
    listed = raw.map((p) => ({
      path: p.path,
      ...(p.vendorId ? { vendorId: parseInt(p.vendorId, 16) } : {}),
      ...(p.productId ? { productId: parseInt(p.productId, 16) } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.locationId ? { location: p.locationId } : {}),
    }));
  } catch {
    // Linux without udevadm (containers): sysfs alone
  }
  const byName = new Map(fromSysfs.map((p) => [basename(p.path), p]));
  const merged = listed.map((p) => ({
    ...byName.get(basename(p.path)),
    ...p,
    ...locationOf(byName.get(basename(p.path)), p),
  }));
  for (const p of fromSysfs) if (!merged.some((m) => basename(m.path) === basename(p.path))) merged.push(p);
  return merged
    .map((p) => ({
      ...p,
      ...(guessBridge(p.vendorId, p.productId) ? { guess: guessBridge(p.vendorId, p.productId)! } : {}),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function locationOf(
  sys: DiscoveredPort | undefined,
  listed: DiscoveredPort,
): Pick<DiscoveredPort, 'location'> {
  const location = listed.location ?? sys?.location;
  return location ? { location } : {};
}

/** USB serial ports from /sys/class/tty/<name>/device, walking up to the USB device for its ids. */
async function listFromSysfs(sysfs: string): Promise<DiscoveredPort[]> {
  const classDir = join(sysfs, 'class', 'tty');
  let names: string[];
  try {
    names = await readdir(classDir);
  } catch {
    return [];
  }
  const out: DiscoveredPort[] = [];
  for (const name of names.filter((n) => /^tty(USB|ACM)\d+$/.test(n))) {
    let dir: string;
    try {
      dir = await realpath(join(classDir, name, 'device'));
    } catch {
      continue;
    }
    // Walk up to the directory that holds idVendor (the USB device, e.g. …/usb1/1-1/1-1.2).
    for (let d = dir; d !== dirname(d); d = dirname(d)) {
      const vid = await readText(join(d, 'idVendor'));
      if (vid === undefined) continue;
      const pid = await readText(join(d, 'idProduct'));
      const serial = await readText(join(d, 'serial'));
      const manufacturer = await readText(join(d, 'manufacturer'));
      out.push({
        path: `/dev/${name}`,
        vendorId: parseInt(vid, 16),
        ...(pid ? { productId: parseInt(pid, 16) } : {}),
        ...(serial ? { serialNumber: serial } : {}),
        ...(manufacturer ? { manufacturer } : {}),
        location: basename(d),
      });
      break;
    }
  }
  return out;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** One line per port for `twinbench hil ports`. */
export function formatPort(p: DiscoveredPort): string {
  const hex = (n: number | undefined) => (n === undefined ? '????' : n.toString(16).padStart(4, '0'));
  const usb = p.vendorId !== undefined ? `${hex(p.vendorId)}:${hex(p.productId)}` : 'no USB ids';
  const parts = [
    p.path.padEnd(16),
    usb,
    p.serialNumber ? `serial ${p.serialNumber}` : undefined,
    p.location ? `location ${p.location}` : undefined,
    p.guess ? `${p.guess.bridge} → ${p.guess.chips}, reset: ${p.guess.reset}` : undefined,
  ];
  return parts.filter(Boolean).join('  ');
}
