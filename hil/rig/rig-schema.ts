/**
 * The rig file: which boards a bench has, how to reach them and how to recognise them. YAML, with
 * this JSON Schema (TypeBox); `rigJsonSchema()` prints it for editors (`# yaml-language-server:
 * $schema=…`).
 *
 * ```yaml
 * version: 1
 * boards:
 *   dut1:
 *     port: /dev/ttyUSB0          # or rfc2217://rig-pi.local:4000, or emulator:esp32s3
 *     chip: esp32s3
 *     role: sensor
 *     reset: { bootloader: usbJtagSerial, app: hard }
 *     identity: { serialNumber: F4:12:FA:00:11:22 }
 *     device: env-001             # its twin on the platform
 * ```
 */
import Type, { type Static } from 'typebox';

export const RIG_CHIPS = ['esp32', 'esp32s2', 'esp32s3', 'esp32c3', 'esp32c6', 'esp32h2'] as const;
export type RigChip = (typeof RIG_CHIPS)[number];

const ResetSchema = Type.Object(
  {
    bootloader: Type.Optional(
      Type.String({
        description:
          "Sequence into the ROM loader: 'classic', 'usbJtagSerial' or esptool notation (D0|R1|W0.1|D1|R0|W0.05|D0).",
      }),
    ),
    app: Type.Optional(
      Type.String({ description: "Sequence into the app: 'hard' (default) or esptool notation." }),
    ),
  },
  { additionalProperties: false },
);

const IdentitySchema = Type.Object(
  {
    serialNumber: Type.Optional(
      Type.String({ description: 'USB serial number (twinbench hil ports shows it).' }),
    ),
    location: Type.Optional(
      Type.String({ description: 'USB bus-port path such as 1-1.2: the socket the cable is in.' }),
    ),
    mac: Type.Optional(
      Type.String({
        pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$',
        description: 'Base MAC; checked after connecting.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RigBoardSchema = Type.Object(
  {
    port: Type.Optional(
      Type.String({
        description:
          'A local port (/dev/ttyUSB0, COM3), rfc2217://host:port, or emulator:<chip>. May be left out when identity finds the port.',
      }),
    ),
    chip: Type.Optional(Type.Union(RIG_CHIPS.map((c) => Type.Literal(c)))),
    role: Type.Optional(
      Type.String({
        description: 'What the board plays in tests (dut, gateway, sensor…); steps can select by it.',
      }),
    ),
    baud: Type.Optional(Type.Integer({ minimum: 300, description: 'Console baud rate, default 115200.' })),
    flashBaud: Type.Optional(
      Type.Integer({ minimum: 9600, description: 'Baud rate while flashing, default 460800.' }),
    ),
    reset: Type.Optional(ResetSchema),
    identity: Type.Optional(IdentitySchema),
    device: Type.Optional(
      Type.String({ description: 'The id of its twin on the platform (for twin expectations).' }),
    ),
  },
  { additionalProperties: false },
);

export const RigSchema = Type.Object(
  {
    version: Type.Optional(Type.Literal(1)),
    name: Type.Optional(Type.String()),
    boards: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }), RigBoardSchema),
    /** Where lock files go (default .twinbench/locks). */
    locks: Type.Optional(Type.String()),
    /** Where console logs go (default reports/hil). */
    logs: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export type RigDoc = Static<typeof RigSchema>;
export type RigBoardDoc = Static<typeof RigBoardSchema>;

/** The schema as plain JSON Schema. */
export function rigJsonSchema(): object {
  return JSON.parse(JSON.stringify(RigSchema)) as object;
}
