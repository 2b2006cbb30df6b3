import type { AppDescriptor } from '../../image/app-descriptor.ts';
import type { FirmwareImage } from '../../image/app-image.ts';
import { parseBootloaderDescriptor } from '../../image/bootloader-image.ts';
import { checkImageForChip } from '../../image/check-image.ts';
import { PARTITION_TABLE_OFFSET } from '../../image/chips.ts';
import { ImageCheckError, PartitionTableError } from '../../image/errors.ts';
import {
  bootPartition,
  parsePartitionTable,
  PARTITION_TABLE_SIZE,
  type Partition,
} from '../../image/partition-table.ts';
import type { FlashMemory } from '../flash-memory.ts';
import type { ChipPersonality } from '../personalities.ts';
import { hex8, IdfLog } from './idf-log.ts';

const MODES = ['QIO', 'QOUT', 'DIO', 'DOUT'];
const SIZES = ['1MB', '2MB', '4MB', '8MB', '16MB', '32MB', '64MB', '128MB'];
const SPEEDS: Record<number, string> = { 0x0: '40MHz', 0x1: '26.7MHz', 0x2: '20MHz', 0xf: '80MHz' };

function usage(p: Partition): string {
  if (p.type === 'app')
    return p.subtype === 'factory' ? 'factory app' : p.subtype === 'test' ? 'test app' : 'OTA app';
  return { nvs: 'WiFi data', phy: 'RF data', ota: 'OTA data' }[p.subtype] ?? 'Unknown data';
}

export interface SecondStageResult {
  log: IdfLog;
  /** The app to run, when one passed every check. */
  app?: { image: FirmwareImage; descriptor: AppDescriptor; partition: Partition };
}

/** What ESP-IDF's `esp_image` prints for an app that fails a check. */
function imageFailure(e: ImageCheckError, offset: number, partitionSize: number, p: ChipPersonality): string {
  switch (e.check) {
    case 'magic':
      return `image at 0x${offset.toString(16)} has invalid magic byte (nothing flashed)`;
    case 'segment-count':
      return `image at 0x${offset.toString(16)} segment count ${/says (\d+)/.exec(e.message)?.[1]} exceeds max 16`;
    case 'checksum': {
      const m = /calculated (0x[0-9a-f]+), image has (0x[0-9a-f]+)/.exec(e.message);
      return `Checksum failed. Calculated ${m?.[1]} read ${m?.[2]}`;
    }
    case 'sha256':
      return 'Image hash failed - image is corrupt';
    case 'chip':
      return `mismatch chip ID, expected ${p.imageChipId}, found ${/chip id (\d+)/.exec(e.message)?.[1]}`;
    case 'app-descriptor':
      return `image at 0x${offset.toString(16)} has no app descriptor (esp_app_desc_t)`;
    case 'extended-header':
      return `image at 0x${offset.toString(16)} has an invalid extended header`;
    default:
      return `Image length doesn't fit in partition length ${partitionSize}`;
  }
}

/**
 * ESP-IDF's second-stage bootloader, as far as it shows on the UART: its banner, the partition table
 * at 0x8000 (checked: entry magic, MD5), the factory (or first OTA) app checked as `esp_image` does
 * (magic, chip id, segments, checksum, SHA-256), its segments, then `Loaded app from partition`.
 */
export function secondStage(
  p: ChipPersonality,
  flash: FlashMemory,
  bootloader: FirmwareImage,
): SecondStageResult {
  const log = new IdfLog(27);
  const first = bootloader.segments[0];
  const desc = first ? parseBootloaderDescriptor(bootloader.bytes, first.fileOffset) : undefined;
  log.i('boot', `ESP-IDF ${desc?.idfVer ?? 'v5.3.1'} 2nd stage bootloader`);
  log.i('boot', `compile time ${desc?.dateTime ?? 'Jan  1 2026 00:00:00'}`);
  if (p.cores === 2) log.i('boot', 'Multicore bootloader');
  log.i('boot', `chip revision: ${p.revision}`);
  const tag = `boot.${p.name}`;
  log.i(tag, `SPI Speed      : ${SPEEDS[bootloader.flashSizeFreq & 0xf] ?? '40MHz'}`);
  log.i(tag, `SPI Mode       : ${MODES[bootloader.flashMode] ?? 'DIO'}`);
  log.i(tag, `SPI Flash Size : ${SIZES[bootloader.flashSizeFreq >> 4] ?? '4MB'}`);
  log.i('boot', 'Enabling RNG early entropy source...');

  let table;
  try {
    table = parsePartitionTable(flash.read(PARTITION_TABLE_OFFSET, PARTITION_TABLE_SIZE));
  } catch (e) {
    if (!(e instanceof PartitionTableError)) throw e;
    const magic = /invalid magic number (0x[0-9a-f]+)/.exec(e.message)?.[1];
    if (/MD5 mismatch/.test(e.message)) log.e('flash_parts', 'Partition table MD5 mismatch');
    else if (magic) log.e('flash_parts', `partition 0 invalid magic number ${magic}`);
    else if (/empty or erased/.test(e.message))
      log.e('flash_parts', 'partition 0 invalid magic number 0xffff');
    else log.e('flash_parts', e.message);
    log.e('boot', 'Failed to verify partition table');
    log.e('boot', 'load partition table error!');
    return { log };
  }
  log.i('boot', 'Partition Table:');
  log.i('boot', '## Label            Usage          Type ST Offset   Length');
  table.partitions.forEach((q, i) => {
    const cols = `${String(i).padStart(2)} ${q.label.padEnd(16)} ${usage(q).padEnd(16)} `;
    const type = q.type === 'app' ? '00' : '01';
    const st = (q.type === 'app' ? APP_ST[q.subtype] : DATA_ST[q.subtype]) ?? q.subtype.replace(/^0x/, '');
    log.i('boot', `${cols}${type} ${st} ${hex8(q.offset)} ${hex8(q.size)}`);
  });
  log.i('boot', 'End of partition table');

  const part = bootPartition(table);
  if (!part) {
    log.e('boot', 'No bootable app partitions in the partition table');
    return { log };
  }
  try {
    const image = checkImageForChip(
      flash.read(part.offset, Math.min(part.size, flash.size - part.offset)),
      p.name,
    );
    const descriptor = image.appDescriptor;
    if (!descriptor) throw new ImageCheckError('app-descriptor', 'no app descriptor');
    image.segments.forEach((s, i) => {
      if (s.loadAddress === 0) return; // elf2image padding
      const mapped =
        (s.loadAddress >= p.drom.start && s.loadAddress < p.drom.end) ||
        (s.loadAddress >= p.irom.start && s.loadAddress < p.irom.end);
      const size = `${s.data.length.toString(16).padStart(5, '0')}h (${String(s.data.length).padStart(6)})`;
      log.i(
        'esp_image',
        `segment ${i}: paddr=${hex8(part.offset + s.fileOffset)} vaddr=${hex8(s.loadAddress)} size=${size} ${mapped ? 'map' : 'load'}`,
      );
    });
    log.i('boot', `Loaded app from partition at offset 0x${part.offset.toString(16)}`);
    log.i('boot', 'Disabling RNG early entropy source...');
    return { log, app: { image, descriptor, partition: part } };
  } catch (e) {
    if (!(e instanceof ImageCheckError)) throw e;
    log.e('esp_image', imageFailure(e, part.offset, part.size, p));
    log.e('boot', `${part.subtype === 'factory' ? 'Factory' : part.label} app partition is not bootable`);
    log.e('boot', 'No bootable app partitions in the partition table');
    return { log };
  }
}

const APP_ST: Record<string, string> = { factory: '00', test: '20' };
for (let n = 0; n < 16; n++) APP_ST[`ota_${n}`] = (0x10 + n).toString(16);
const DATA_ST: Record<string, string> = {
  ota: '00',
  phy: '01',
  nvs: '02',
  coredump: '03',
  nvs_keys: '04',
  efuse: '05',
};

/** What ESP-IDF's startup code prints before `app_main()` (cpu_start, app_init, efuse_init, …). */
export function appStartLog(log: IdfLog, p: ChipPersonality, image: FirmwareImage, d: AppDescriptor): void {
  log.advance(40);
  log.i('cpu_start', p.cores === 2 ? 'Multicore app' : 'Unicore app');
  log.i('cpu_start', 'Pro cpu start user code');
  log.i('cpu_start', `cpu freq: ${p.cpuFreqMhz * 1_000_000} Hz`);
  log.i('app_init', 'Application information:');
  log.i('app_init', `Project name:     ${d.projectName}`);
  log.i('app_init', `App version:      ${d.version}`);
  log.i('app_init', `Compile time:     ${d.date} ${d.time}`);
  log.i('app_init', `ELF file SHA256:  ${d.elfSha256.slice(0, 16)}...`);
  log.i('app_init', `ESP-IDF:          ${d.idfVer}`);
  log.i('efuse_init', `Min chip rev:     v${Math.floor(image.minRevFull / 100)}.${image.minRevFull % 100}`);
  log.i('efuse_init', `Max chip rev:     v${Math.floor(image.maxRevFull / 100)}.${image.maxRevFull % 100} `);
  log.i('efuse_init', `Chip rev:         ${p.revision}`);
  log.i('heap_init', 'Initializing. RAM available for dynamic allocation:');
  log.i('spi_flash', 'detected chip: generic');
  log.i('spi_flash', `flash io: ${(MODES[image.flashMode] ?? 'DIO').toLowerCase()}`);
  log.i('main_task', 'Started on CPU0');
  log.i('main_task', 'Calling app_main()');
}
