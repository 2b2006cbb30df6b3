import { HIL_ERROR_CODES, HilError } from '../errors.ts';

/** Which check an image failed; one value per check, so callers and tests can tell them apart. */
export type ImageCheck =
  | 'size'
  | 'magic'
  | 'segment-count'
  | 'segment-bounds'
  | 'extended-header'
  | 'checksum'
  | 'sha256'
  | 'app-descriptor'
  | 'chip';

/**
 * An image refused by a check. `code` is `TB_ERR_HIL_IMAGE_WRONG_CHIP` for the chip check and
 * `TB_ERR_HIL_IMAGE_CORRUPT` for the others; `check` says which one, the message what was found.
 */
export class ImageCheckError extends HilError {
  readonly check: ImageCheck;

  constructor(check: ImageCheck, message: string) {
    super(check === 'chip' ? HIL_ERROR_CODES.IMAGE_WRONG_CHIP : HIL_ERROR_CODES.IMAGE_CORRUPT, message);
    this.check = check;
  }
}

/** A partition table refused by `parsePartitionTable`; `message` says which entry and why. */
export class PartitionTableError extends HilError {
  constructor(message: string) {
    super(HIL_ERROR_CODES.PARTITION_TABLE, message);
  }
}
