// Lint rules, including the part boundaries of ../shared/notes/style.md: each top-level part is reached
// only through its index.ts, twin/ stays free of I/O, and nobody but platform/ imports platform/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PARTS = [
  'twin',
  'runtime',
  'platform',
  'simulator',
  'scenarios',
  'hil',
  'firmware',
  'viewer',
  'load',
  'stack',
  'cli',
];

/** The viewer runs in a browser: no Node built-ins, no Node-side parts; only twin/ (pure). */
const NODE_ONLY = [
  'node:*',
  'fs',
  'net',
  'http',
  'https',
  'path',
  'os',
  'child_process',
  'mqtt',
  'fastify',
  'testcontainers',
  'pino',
];

/** Forbid `../<part>/<anything but index.ts>` from outside that part. */
const deepImports = PARTS.map((part) => ({
  group: [`**/${part}/*`, `!**/${part}/index.ts`],
  message: `Import ${part}/ through its door, ${part}/index.ts.`,
}));

/** contracts/ holds shared test suites (topic profiles, devices, twin/json): tests only may import them. */
const CONTRACTS = {
  group: ['**/contracts/*', '**/contracts/**'],
  message: 'contracts/ holds test suites: import it from *.test.ts or *.int.test.ts files only.',
};
const TESTS = ['**/*.test.ts'];

/**
 * Device-type vocabulary lives in twin/ only (issue 9): outside it, no list or union of device-type
 * literals (`['smart_breaker', 'camera']`, `'env_sensor' | 'camera'`, `Type.Literal('camera')`); import
 * DEVICE_TYPES, DeviceType or DeviceTypeSchema from twin/. The names come from twin's published JSON.
 */
const DEVICE_TYPE_NAMES = JSON.parse(
  readFileSync(join(import.meta.dirname, 'twin/json/schemas/device-type.schema.json'), 'utf8'),
).enum;
const DEVICE_RE = `/^(${DEVICE_TYPE_NAMES.join('|')})$/`;
const DEVICE_TYPE_HELP = 'import DEVICE_TYPES, DeviceType or DeviceTypeSchema from twin/ instead.';
// Two or more device types side by side: a single 'camera' may well be something else (a 3D model).
const deviceTypeLiterals = [
  {
    selector: `TSUnionType:has(> TSLiteralType[literal.value=${DEVICE_RE}] ~ TSLiteralType[literal.value=${DEVICE_RE}])`,
    message: `A union of device-type literals copies twin's vocabulary: ${DEVICE_TYPE_HELP}`,
  },
  {
    selector: `ArrayExpression:has(> Literal[value=${DEVICE_RE}] ~ Literal[value=${DEVICE_RE}])`,
    message: `A list of device types copies twin's vocabulary: ${DEVICE_TYPE_HELP}`,
  },
  {
    selector: `ArrayExpression:has(> CallExpression[arguments.0.value=${DEVICE_RE}] ~ CallExpression[arguments.0.value=${DEVICE_RE}])`,
    message: `A list of device-type schemas (Type.Literal) copies twin's vocabulary: ${DEVICE_TYPE_HELP}`,
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', '.twinbench/**', 'firmware/**/build/**', 'viewer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...deviceTypeLiterals],
      'no-restricted-imports': ['error', { patterns: [...deepImports, CONTRACTS] }],
    },
  },
  {
    files: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: deepImports }], 'no-restricted-syntax': 'off' },
  },
  { files: ['twin/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // Inside a part, its own files import each other freely (the rule above only sees `../part/…` paths
  // that leave the part, but a file deep in a part reaches siblings through `../` too).
  // Two blocks per part: its code (contracts/ forbidden) and its tests (contracts/ allowed).
  ...PARTS.flatMap((part) =>
    [false, true].map((test) => ({
      files: test ? TESTS.map((t) => `${part}/${t}`) : [`${part}/**/*.ts`],
      ...(test ? {} : { ignores: TESTS }),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...deepImports.filter((p) => !p.group[0].includes(`/${part}/`)),
              ...(test ? [] : [CONTRACTS]),
              ...(part === 'twin'
                ? [
                    {
                      group: ['node:*', 'fs', 'net', 'http', 'mqtt', 'fastify', 'testcontainers'],
                      message: 'twin/ is the shared model: no I/O.',
                    },
                  ]
                : []),
              ...(part === 'viewer'
                ? [
                    {
                      group: NODE_ONLY,
                      message: 'viewer/ runs in the browser: no Node built-ins or Node libraries.',
                    },
                    {
                      group: [
                        '**/runtime/**',
                        '**/simulator/**',
                        '**/scenarios/**',
                        '**/stack/**',
                        '**/hil/**',
                        '**/load/**',
                        '**/cli/**',
                      ],
                      message: 'viewer/ imports twin/ only; talk to the platform over HTTP and WebSocket.',
                    },
                  ]
                : []),
              ...(part === 'platform' || part === 'runtime'
                ? [
                    {
                      group: ['**/stack/**', 'testcontainers'],
                      message: `${part}/ runs in the service process: no container tooling (use runtime/).`,
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
  ),
  // Platform and runtime tests start a real broker and database through stack/ (the service code may not).
  {
    files: ['platform/**/*.int.test.ts', 'platform/test/**', 'runtime/**/*.int.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: deepImports }] },
  },
);
