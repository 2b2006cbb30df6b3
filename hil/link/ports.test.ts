import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatPort, guessBridge, listPorts } from './ports.ts';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** A sysfs tree with one CP2102 at USB location 1-1.2 and one ESP32-S3 USB-JTAG-serial at 1-3. */
async function fakeSysfs(): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'tb-sysfs-'));
  const usb = async (loc: string, tty: string, vid: string, pid: string, serial: string) => {
    const dev = join(root!, 'devices', 'pci0', 'usb1', loc);
    const iface = join(dev, `${loc}:1.0`);
    await mkdir(iface, { recursive: true });
    await writeFile(join(dev, 'idVendor'), `${vid}\n`);
    await writeFile(join(dev, 'idProduct'), `${pid}\n`);
    await writeFile(join(dev, 'serial'), `${serial}\n`);
    await mkdir(join(root!, 'class', 'tty', tty), { recursive: true });
    await symlink(iface, join(root!, 'class', 'tty', tty, 'device'));
  };
  await usb('1-1.2', 'ttyUSB0', '10c4', 'ea60', '0001');
  await usb('1-3', 'ttyACM0', '303a', '1001', 'F4:12:FA:00:11:22');
  await mkdir(join(root, 'class', 'tty', 'ttyS0'), { recursive: true });
  return root;
}

describe('port discovery', () => {
  it('guesses the chip family from known USB bridges', () => {
    expect(guessBridge(0x10c4, 0xea60)?.reset).toBe('tight');
    expect(guessBridge(0x1a86, 0x55d4)?.bridge).toMatch(/CH340/);
    expect(guessBridge(0x0403, 0x6010)?.bridge).toMatch(/FTDI/);
    expect(guessBridge(0x303a, 0x1001)).toMatchObject({
      reset: 'usbJtagSerial',
      chips: expect.stringMatching(/S3.*C3.*C6/),
    });
    expect(guessBridge(0x2341, 0x0043)).toBeUndefined();
  });

  it('reads USB ids, serial number and location from sysfs when udev is missing', async () => {
    const sysfs = await fakeSysfs();
    const ports = await listPorts({ sysfs, list: () => Promise.reject(new Error('spawn udevadm ENOENT')) });
    expect(
      ports.map((p) => [p.path, p.vendorId, p.productId, p.serialNumber, p.location, p.guess?.reset]),
    ).toEqual([
      ['/dev/ttyACM0', 0x303a, 0x1001, 'F4:12:FA:00:11:22', '1-3', 'usbJtagSerial'],
      ['/dev/ttyUSB0', 0x10c4, 0xea60, '0001', '1-1.2', 'tight'],
    ]);
    expect(formatPort(ports[1]!)).toMatch(
      /\/dev\/ttyUSB0\s+10c4:ea60 {2}serial 0001 {2}location 1-1.2 {2}Silicon Labs CP210x/,
    );
  });

  it("completes serialport's list with the sysfs location", async () => {
    const sysfs = await fakeSysfs();
    const ports = await listPorts({
      sysfs,
      list: async () => [
        {
          path: '/dev/ttyUSB0',
          vendorId: '10c4',
          productId: 'ea60',
          serialNumber: '0001',
          manufacturer: 'Silicon Labs',
        },
      ],
    });
    expect(ports.find((p) => p.path === '/dev/ttyUSB0')).toMatchObject({
      location: '1-1.2',
      manufacturer: 'Silicon Labs',
    });
    expect(ports).toHaveLength(2);
  });
});
