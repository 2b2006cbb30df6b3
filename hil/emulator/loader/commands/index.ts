import { OP } from '../protocol.ts';
import type { CommandSpec } from '../session.ts';
import { changeBaudrate } from './change-baudrate.ts';
import { eraseFlash, eraseRegion } from './erase.ts';
import {
  flashBegin,
  flashData,
  flashDeflBegin,
  flashDeflData,
  flashDeflEnd,
  flashEnd,
} from './flash-write.ts';
import { spiFlashMd5 } from './md5.ts';
import { memBegin, memData, memEnd } from './mem.ts';
import { readFlash } from './read-flash.ts';
import { runUserCode } from './run-user-code.ts';
import { readReg, writeReg } from './registers.ts';
import { getSecurityInfo } from './security-info.ts';
import { spiAttach, spiSetParams } from './spi.ts';
import { sync } from './sync.ts';

const both = (handler: CommandSpec['handler']): CommandSpec => ({ handler, rom: true, stub: true });
const stubOnly = (handler: CommandSpec['handler']): CommandSpec => ({ handler, rom: false, stub: true });

/** The dispatcher's table: opcode → handler, and which loader (ROM, stub) knows it. */
export const COMMANDS: Readonly<Record<number, CommandSpec>> = {
  [OP.FLASH_BEGIN]: both(flashBegin),
  [OP.FLASH_DATA]: both(flashData),
  [OP.FLASH_END]: both(flashEnd),
  [OP.MEM_BEGIN]: both(memBegin),
  [OP.MEM_END]: both(memEnd),
  [OP.MEM_DATA]: both(memData),
  [OP.SYNC]: both(sync),
  [OP.WRITE_REG]: both(writeReg),
  [OP.READ_REG]: both(readReg),
  [OP.SPI_SET_PARAMS]: both(spiSetParams),
  [OP.SPI_ATTACH]: both(spiAttach),
  [OP.CHANGE_BAUDRATE]: both(changeBaudrate),
  [OP.FLASH_DEFL_BEGIN]: both(flashDeflBegin),
  [OP.FLASH_DEFL_DATA]: both(flashDeflData),
  [OP.FLASH_DEFL_END]: both(flashDeflEnd),
  [OP.SPI_FLASH_MD5]: both(spiFlashMd5),
  [OP.GET_SECURITY_INFO]: both(getSecurityInfo),
  [OP.ERASE_FLASH]: stubOnly(eraseFlash),
  [OP.ERASE_REGION]: stubOnly(eraseRegion),
  [OP.READ_FLASH]: stubOnly(readFlash),
  [OP.RUN_USER_CODE]: stubOnly(runUserCode),
};
