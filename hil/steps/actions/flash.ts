import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import type { ActionModule } from '../../../scenarios/index.ts';
import type { FlashFile } from '../../flash/check-files.ts';
import { buildAppImage } from '../../image/build-app-image.ts';
import { CHIPS, isChipName, type ChipName } from '../../image/chips.ts';
import { buildFlashSet } from '../../image/flash-set.ts';
import { boardFor, compileDut, DutField } from '../common.ts';

/**
 * `hil.flash`: writes firmware with esptool-js (images checked first), verifies MD5, resets into
 * the app. Paths are relative to the scenario file.
 *
 * ```yaml
 * - hil.flash: build/app.bin                       # the app, at 0x10000
 * - hil.flash:
 *     dut: gateway
 *     files:
 *       - { address: 0x0, path: build/bootloader/bootloader.bin }
 *       - { address: 0x8000, path: build/partition_table/partition-table.bin }
 *       - { address: 0x10000, path: build/app.bin }
 *     baud: 921600
 * - hil.flash: { image: { project: tb-console, version: 1.0.0 } }   # a generated image (emulator)
 * ```
 */
const Address = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^0x[0-9a-fA-F]+$' })]);
export const HilFlashSchema = Type.Union([
  Type.String({ minLength: 1, description: 'app image, written at 0x10000' }),
  Type.Object(
    {
      dut: DutField,
      app: Type.Optional(Type.String({ minLength: 1 })),
      files: Type.Optional(
        Type.Array(
          Type.Object(
            { address: Address, path: Type.String({ minLength: 1 }), name: Type.Optional(Type.String()) },
            { additionalProperties: false },
          ),
          {
            minItems: 1,
          },
        ),
      ),
      image: Type.Optional(
        Type.Object(
          {
            project: Type.String({ minLength: 1, maxLength: 31 }),
            version: Type.String({ minLength: 1, maxLength: 31 }),
            chip: Type.Optional(Type.String({ description: 'default the board’s chip' })),
          },
          {
            additionalProperties: false,
            description:
              'A generated ESP-IDF-shaped flash set (bootloader, partition table, app) for the emulator.',
          },
        ),
      ),
      baud: Type.Optional(Type.Integer({ minimum: 9600 })),
      cache: Type.Optional(Type.Boolean({ description: 'Skip unchanged images (default true).' })),
    },
    { additionalProperties: false },
  ),
]);
export type HilFlashSpec = Static<typeof HilFlashSchema>;
type FlashObject = Exclude<HilFlashSpec, string>;

const asObject = (s: HilFlashSpec): FlashObject => (typeof s === 'string' ? { app: s } : s);
const addressOf = (a: number | string) => (typeof a === 'number' ? a : parseInt(a, 16));

export const hilFlashAction: ActionModule<HilFlashSpec> = {
  key: 'hil.flash',
  schema: HilFlashSchema,
  defaultTimeoutMs: 180_000,
  label(spec) {
    const s = asObject(spec);
    const what =
      s.app ?? (s.image ? `${s.image.project} ${s.image.version}` : `${s.files?.length ?? 0} files`);
    return `flash ${what} onto ${s.dut ?? 'dut'}`;
  },
  compile(spec, ctx) {
    const s = asObject(spec);
    const dut = compileDut(s.dut, ctx, 'hil.flash');
    const given = [s.app, s.files, s.image].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.error("give exactly one of 'app', 'files' or 'image'");
    if (s.image?.chip !== undefined && !isChipName(s.image.chip)) {
      ctx.error(`chip must be one of ${Object.keys(CHIPS).join(', ')}`, '/image/chip');
    }
    const base = ctx.file ? dirname(ctx.file) : process.cwd();
    const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        let files: FlashFile[];
        if (s.image) {
          const chip = (s.image.chip ?? board.board.chip) as ChipName | undefined;
          if (!chip || !isChipName(chip)) {
            throw new Error(
              `hil.flash image: say which chip (image.chip), the rig does not say for ${board.name}`,
            );
          }
          files = buildFlashSet({
            chip,
            app: buildAppImage({ chip, projectName: s.image.project, version: s.image.version }),
          });
        } else if (s.files) {
          files = await Promise.all(
            s.files.map(async (f) => ({
              name: f.name ?? f.path,
              address: addressOf(f.address),
              data: new Uint8Array(await readFile(at(f.path))),
            })),
          );
        } else {
          files = [{ name: 'app', address: 0x10000, data: new Uint8Array(await readFile(at(s.app!))) }];
        }
        const report = await board.flash(files, {
          ...(s.baud ? { baudRate: s.baud } : {}),
          ...(s.cache === false ? { useCache: false } : {}),
        });
        const written = report.files.filter((f) => !f.skipped);
        if (written.length === 0)
          return `${board.name}: ${report.chipName} already has these images (flash MD5 agrees): not written`;
        const bytes = written.reduce((n, f) => n + f.size, 0);
        return `${board.name}: ${report.chipName} ${report.mac}, wrote ${written.map((f) => f.name).join(', ')} (${bytes} bytes) in ${report.seconds.toFixed(1)} s at ${report.baudRate} baud, MD5 verified`;
      },
    };
  },
};
