import { fileURLToPath } from 'node:url';

/** The folder to put on NODE_PATH so artillery resolves `artillery-engine-twinbench`. */
export const ENGINE_PACKAGES_DIR = fileURLToPath(new URL('../packages', import.meta.url));
