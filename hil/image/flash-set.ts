import { buildBootloaderImage } from './bootloader-image.ts';
import { CHIPS, FACTORY_APP_OFFSET, PARTITION_TABLE_OFFSET, type ChipName } from './chips.ts';
import { buildPartitionTable, type Partition } from './partition-table.ts';

export interface FlashFile {
  /** `bootloader`, `partition-table` or `app`. */
  name: string;
  address: number;
  data: Uint8Array;
}

/**
 * A complete flash set for `chip`, as `idf.py flash` writes it: bootloader at the chip's offset,
 * partition table at 0x8000, the app at 0x10000 (the factory partition of the default table).
 */
export function buildFlashSet(o: {
  chip: ChipName;
  app: Uint8Array;
  partitions?: readonly Partition[];
  idfVer?: string;
}): FlashFile[] {
  return [
    {
      name: 'bootloader',
      address: CHIPS[o.chip].bootloaderOffset,
      data: buildBootloaderImage({ chip: o.chip, idfVer: o.idfVer }),
    },
    { name: 'partition-table', address: PARTITION_TABLE_OFFSET, data: buildPartitionTable(o.partitions) },
    { name: 'app', address: FACTORY_APP_OFFSET, data: o.app },
  ];
}
