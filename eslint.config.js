// Lint rules, including the part boundaries of ../shared/notes/style.md: each top-level part is reached
// only through its index.ts, twin/ stays free of I/O, and nobody but platform/ imports platform/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PARTS = ['twin', 'platform', 'simulator', 'scenarios', 'hil', 'firmware', 'stack', 'cli'];

/** Forbid `../<part>/<anything but index.ts>` from outside that part. */
const deepImports = PARTS.map((part) => ({
  group: [`**/${part}/*`, `!**/${part}/index.ts`],
  message: `Import ${part}/ through its door, ${part}/index.ts.`,
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', '.twinbench/**', 'firmware/**/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: deepImports }],
    },
  },
  // Inside a part, its own files import each other freely (the rule above only sees `../part/…` paths
  // that leave the part, but a file deep in a part reaches siblings through `../` too).
  ...PARTS.map((part) => ({
    files: [`${part}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...deepImports.filter((p) => !p.group[0].includes(`/${part}/`)),
            ...(part === 'twin'
              ? [
                  {
                    group: ['node:*', 'fs', 'net', 'http', 'mqtt', 'fastify', 'testcontainers'],
                    message: 'twin/ is the shared model: no I/O.',
                  },
                ]
              : []),
            ...(part !== 'platform'
              ? [
                  {
                    group: ['**/platform/**', '**/platform/index.ts'],
                    message:
                      'platform/ is a service: talk to it over MQTT/HTTP, start it with stack/ (a process).',
                  },
                ]
              : []),
          ],
        },
      ],
    },
  })),
);
