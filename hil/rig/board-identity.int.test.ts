// Board identity and reservation with real ports (socat ptys standing in for USB ttys): a board is
// found by its USB serial number wherever it enumerated, and a second run cannot take a board that
// a live run holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import type { DiscoveredPort } from '../link/ports.ts';
import { startPtyPair } from '../test-support/processes.ts';
import { BoardBuilder } from './board.ts';
import { parseRig } from './rig-file.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp() {
  const dir = await mkdtemp(join(tmpdir(), 'tb-identity-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const first = await startPtyPair();
  const second = await startPtyPair();
  cleanups.push(
    () => first.stop(),
    () => second.stop(),
  );
  const rig = parseRig(
    `boards:\n  dut:\n    port: /dev/ttyACM0\n    identity: { serialNumber: "F4:12:FA:00:11:22" }\n`,
    'rig.yaml',
  );
  return { dir, first, second, board: rig.boards[0]! };
}

const usb = (path: string, serialNumber: string): DiscoveredPort => ({
  path,
  vendorId: 0x303a,
  productId: 0x1001,
  serialNumber,
  location: '1-3',
});

describe('board identity and locks', () => {
  it('finds the board by serial number after it re-enumerated on another tty', async () => {
    const { dir, first, second, board } = await setUp();
    let ports = [usb(first.a, 'F4:12:FA:00:11:22'), usb(second.a, 'OTHER')];
    const builder = () =>
      new BoardBuilder(board, { locksDir: join(dir, 'locks'), listPorts: async () => ports });
    const before = await builder().start();
    expect(before.link.info).toMatchObject({
      path: first.a,
      usbVendorId: 0x303a,
      serialNumber: 'F4:12:FA:00:11:22',
    });
    expect(before.identityKey).toBe('serial:F4:12:FA:00:11:22');
    await before.stop();
    ports = [usb(second.a, 'F4:12:FA:00:11:22')]; // after a reset, the USB-JTAG-serial port came back elsewhere
    const after = await builder().start();
    cleanups.push(() => after.stop());
    expect(after.link.info.path).toBe(second.a);
  });

  it('says the board is not connected when no port has its identity', async () => {
    const { dir } = await setUp();
    const rig = parseRig(`boards:\n  dut:\n    identity: { serialNumber: "GONE" }\n`, 'rig.yaml');
    await expect(
      new BoardBuilder(rig.boards[0]!, { locksDir: join(dir, 'locks'), listPorts: async () => [] }).start(),
    ).rejects.toMatchObject({
      code: HIL_ERROR_CODES.RIG_NO_BOARD,
      message: expect.stringMatching(/dut \(serial GONE\) is not connected/),
    });
  });

  it('refuses a second taker of a board a live run holds, and frees it on stop', async () => {
    const { dir, first, board } = await setUp();
    const ports = [usb(first.a, 'F4:12:FA:00:11:22')];
    const builder = () =>
      new BoardBuilder(board, { locksDir: join(dir, 'locks'), listPorts: async () => ports }).withPurpose(
        'test run',
      );
    const holder = await builder().start();
    await expect(builder().start()).rejects.toMatchObject({
      code: HIL_ERROR_CODES.BOARD_LOCKED,
      message: expect.stringMatching(
        new RegExp(`Board dut is in use by pid ${process.pid} .*\\(test run\\)`),
      ),
    });
    await holder.stop();
    const next = await builder().start();
    cleanups.push(() => next.stop());
    expect(next.link.info.path).toBe(first.a);
  });
});
