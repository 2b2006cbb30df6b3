import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImage, checkImageForChip, parsePartitionTable } from '../hil/index.ts';
import { requireHostNode } from './host-build.ts';
import { packedFileName, packFirmware } from './pack.ts';
import { firmwareVersion } from './paths.ts';

describe('packFirmware', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'tb-pack-'));
    dirs.push(d);
    return d;
  };

  it('writes a valid flash set per chip whose app says twinbench-node and the firmware version', () => {
    const dir = tmp();
    const binary = join(dir, 'fake-node');
    writeFileSync(binary, 'not really a program');
    const packed = packFirmware({ binary, outDir: dir });
    expect(packed.map((p) => p.chip)).toEqual(['esp32', 'esp32s3', 'esp32c3']);
    for (const p of packed) {
      const app = readFileSync(join(dir, packedFileName(p.chip, 'app')));
      const image = checkImageForChip(app, p.chip);
      expect(image.appDescriptor?.projectName).toBe('twinbench-node');
      expect(image.appDescriptor?.version).toBe(firmwareVersion());
      expect(image.hashAppended).toBe(true);
      expect(createHash('sha256').update(app).digest('hex')).toBe(p.appSha256);
      expect(p.hostSha256).toBe(createHash('sha256').update('not really a program').digest('hex'));
      expect(Buffer.from(app).includes(Buffer.from(`host build sha256=${p.hostSha256}`))).toBe(true);
      expect(p.files.map((f) => [f.name, f.address])).toEqual([
        ['bootloader', p.chip === 'esp32' ? 0x1000 : 0x0],
        ['partition-table', 0x8000],
        ['app', 0x10000],
      ]);
      checkImage(readFileSync(join(dir, packedFileName(p.chip, 'bootloader'))), { kind: 'bootloader' });
      expect(
        parsePartitionTable(readFileSync(join(dir, packedFileName(p.chip, 'partition-table')))),
      ).toBeTruthy();
      const manifest = JSON.parse(readFileSync(join(dir, `twinbench-node-${p.chip}.flash.json`), 'utf8'));
      expect(manifest.files[2]).toMatchObject({
        name: 'app',
        address: 0x10000,
        path: `twinbench-node-${p.chip}.bin`,
      });
    }
  });

  it('says how to build when the host program is missing', () => {
    expect(() => requireHostNode(join(tmp(), 'nowhere'))).toThrow(
      /nowhere\/twinbench-node is not built: run `npx twinbench firmware build`/,
    );
  });
});
