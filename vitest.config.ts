import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Node's compile cache for the workers and every Node process the tests start (platform, simulator,
// CLI, artillery): each such process imported its modules from source again (a platform ~1 s of CPU,
// ~0.5 s with the cache). Node checks each entry against its source, so a stale one is never used.
const compileCache =
  process.env.NODE_COMPILE_CACHE ??
  fileURLToPath(new URL('node_modules/.cache/node-compile', import.meta.url));

// Two projects: fast pure-logic tests, and integration tests that start real brokers, databases and
// processes. The latter run one file at a time: the machine has two cores and the stack is heavy.
export default defineConfig({
  test: {
    env: { NODE_COMPILE_CACHE: compileCache },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          // A worker runs many unit files and imports each module once: a fresh worker per file spent two
          // thirds of the project's time importing (123 s → 35 s). A file that changes process-wide state
          // (the step and device-type registries, spies on console) puts it back when it ends.
          isolate: false,
          // Every core (Vitest leaves one free by default: one worker on two cores): 35 s → 25 s.
          maxWorkers: '100%',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // One worker for every file, as for the unit files (the import of each file's modules cost ~1 s
          // a file); each file starts and stops its own stack, broker and platform as before.
          isolate: false,
          // After the unit files, as a group of its own: one worker then takes all the files at once.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
