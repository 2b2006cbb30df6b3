/**
 * The ESP serial loader protocol, as the ROM and esptool's flasher stub speak it
 * (esptool docs/en/advanced-topics/serial-protocol.rst): requests `00 op size chk data`, responses
 * `01 op size value data status`. Checksum = 0xEF XOR every byte of a data command's payload.
 */
export const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

/** ROM loader error codes (second status byte). */
export const ROM_ERR = {
  INVALID_PARAM: 0x01,
  INVALID_MESSAGE: 0x05,
  RESULT_WRONG: 0x06,
  CHECKSUM: 0x07,
  DEFLATE: 0x0b,
} as const;

/** Stub error codes (esptool flasher_stub `stub_flasher.h`). */
export const STUB_ERR = {
  BAD_DATA_LEN: 0xc0,
  BAD_DATA_CHECKSUM: 0xc1,
  BAD_BLOCKSIZE: 0xc2,
  INVALID_COMMAND: 0xc3,
  FAILED_SPI_OP: 0xc4,
  NOT_IN_FLASH_MODE: 0xc6,
  INFLATE_ERROR: 0xc7,
  NOT_ENOUGH_DATA: 0xc8,
  TOO_MUCH_DATA: 0xc9,
  CMD_NOT_IMPLEMENTED: 0xff,
} as const;

export const CHECKSUM_SEED = 0xef;

export interface Request {
  op: number;
  /** The checksum field of the header (meaningful for *_DATA commands). */
  checksum: number;
  data: Uint8Array;
}

/** `undefined` when the frame is not a request (too short or not direction 0). */
export function parseRequest(frame: Uint8Array): Request | 'bad-size' | undefined {
  if (frame.length < 8 || frame[0] !== 0x00) return undefined;
  const size = (frame[2] ?? 0) | ((frame[3] ?? 0) << 8);
  if (size !== frame.length - 8) return 'bad-size';
  const checksum =
    ((frame[4] ?? 0) | ((frame[5] ?? 0) << 8) | ((frame[6] ?? 0) << 16) | ((frame[7] ?? 0) << 24)) >>> 0;
  return { op: frame[1] ?? 0, checksum, data: frame.subarray(8) };
}

export function encodeResponse(op: number, value: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length);
  out[0] = 0x01;
  out[1] = op;
  out[2] = data.length & 0xff;
  out[3] = (data.length >> 8) & 0xff;
  out[4] = value & 0xff;
  out[5] = (value >>> 8) & 0xff;
  out[6] = (value >>> 16) & 0xff;
  out[7] = (value >>> 24) & 0xff;
  out.set(data, 8);
  return out;
}

export function dataChecksum(data: Uint8Array): number {
  let c = CHECKSUM_SEED;
  for (const b of data) c ^= b;
  return c;
}

export function word(data: Uint8Array, index: number): number {
  const at = index * 4;
  return (
    ((data[at] ?? 0) |
      ((data[at + 1] ?? 0) << 8) |
      ((data[at + 2] ?? 0) << 16) |
      ((data[at + 3] ?? 0) << 24)) >>>
    0
  );
}

export function words(data: Uint8Array): number[] {
  return Array.from({ length: Math.floor(data.length / 4) }, (_, i) => word(data, i));
}
