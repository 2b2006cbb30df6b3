/**
 * The device-type files a platform is configured with (`deviceTypes`: file or folder paths, or the
 * documents themselves inline — what the CLI passes, so a platform in a container needs no mounted
 * file), checked and registered at start. A bad file stops the start with file:line:col.
 */
import { parseDeviceTypeDocument, registerDeviceTypes, type DeviceTypeDefinition } from '../../twin/index.ts';
import { readDeviceTypeFiles } from '../../runtime/index.ts';

export function loadConfiguredDeviceTypes(entries: readonly unknown[]): DeviceTypeDefinition[] {
  const definitions: DeviceTypeDefinition[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === 'string') definitions.push(...readDeviceTypeFiles([entry]));
    else definitions.push(parseDeviceTypeDocument(entry, `config deviceTypes[${i}]`));
  });
  registerDeviceTypes(definitions);
  return definitions;
}
