/** How a board is reached, parsed once from the rig's `port:` (or a `--port` flag). */
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import { parseRfc2217Url } from '../link/rfc2217-link.ts';

export const EMULATED_CHIPS = ['esp32', 'esp32s3', 'esp32c3'] as const;
export type EmulatedChip = (typeof EMULATED_CHIPS)[number];

export type LinkSpec =
  | { kind: 'serialport'; path: string }
  | { kind: 'rfc2217'; host: string; port: number; url: string; ignoreSetControlAck?: boolean }
  | { kind: 'emulator'; chip: EmulatedChip };

export function parseLinkSpec(text: string): LinkSpec {
  if (text.startsWith('rfc2217://')) return { kind: 'rfc2217', ...parseRfc2217Url(text), url: text };
  if (text.startsWith('emulator:') || text.startsWith('emulator://')) {
    const chip = text.replace(/^emulator:(\/\/)?/, '').replace(/\/.*$/, '');
    if (!(EMULATED_CHIPS as readonly string[]).includes(chip)) {
      throw new HilError(
        HIL_ERROR_CODES.LINK_BAD_SPEC,
        `'${text}': the emulator has no chip '${chip}'; use emulator:${EMULATED_CHIPS.join(', emulator:')}.`,
      );
    }
    return { kind: 'emulator', chip: chip as EmulatedChip };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new HilError(
      HIL_ERROR_CODES.LINK_BAD_SPEC,
      `'${text}' is not a port twinbench can open: use a local port (/dev/ttyUSB0, COM3), rfc2217://host:port or emulator:<chip>.`,
    );
  }
  return { kind: 'serialport', path: text };
}

export function formatLinkSpec(spec: LinkSpec): string {
  return spec.kind === 'serialport'
    ? spec.path
    : spec.kind === 'rfc2217'
      ? spec.url
      : `emulator:${spec.chip}`;
}
