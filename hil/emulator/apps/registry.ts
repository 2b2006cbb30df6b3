import { consoleApp } from './console-app.ts';
import type { EmulatorApp } from './types.ts';

/** Project name of the built-in console app (`buildAppImage({ projectName: 'tb-console' })`). */
export const BUILTIN_CONSOLE_APP = 'tb-console';

const registry = new Map<string, EmulatorApp>([[BUILTIN_CONSOLE_APP, consoleApp]]);

/**
 * Registers the app the emulator runs for images whose app descriptor says `projectName`: a command
 * (the firmware's host build) or an in-process factory. Returns a function that removes it again.
 * Process-wide; a board's own `apps` option takes precedence.
 */
export function registerEmulatorApp(projectName: string, app: EmulatorApp): () => void {
  if (projectName.length === 0 || projectName.length > 31) {
    throw new RangeError(
      `project name "${projectName}" must be 1 to 31 characters (esp_app_desc_t.project_name)`,
    );
  }
  const before = registry.get(projectName);
  registry.set(projectName, app);
  return () => {
    if (registry.get(projectName) !== app) return;
    if (before) registry.set(projectName, before);
    else registry.delete(projectName);
  };
}

export function findEmulatorApp(
  projectName: string,
  own?: Readonly<Record<string, EmulatorApp>>,
): EmulatorApp | undefined {
  return own?.[projectName] ?? registry.get(projectName);
}

export function registeredEmulatorApps(): string[] {
  return [...registry.keys()];
}
