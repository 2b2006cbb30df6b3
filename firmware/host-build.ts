/**
 * Builds the host target with CMake (Release): the `twinbench-node` program, and optionally the
 * GoogleTest binary. The same build directory as firmware/scripts/test-host.sh, so either reuses the
 * other's work.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FirmwareError, FIRMWARE_ERROR_CODES } from './errors.ts';
import { FIRMWARE_DIR, firmwareVersion, HOST_BUILD_DIR, hostNodeBinary } from './paths.ts';

export interface HostBuildOptions {
  /** Build directory. Default firmware/build/host. */
  buildDir?: string;
  /** Parallel compile jobs. Default 2. */
  jobs?: number;
  /** Also build the GoogleTest binary (twinbench-node-tests). Default false. */
  tests?: boolean;
  /** Each line CMake and the compiler print. Default: dropped (kept for the error message). */
  onOutput?: (line: string) => void;
}

export interface HostBuild {
  /** Path of the twinbench-node program. */
  binary: string;
  version: string;
  buildDir: string;
  ms: number;
}

export const HOST_BUILD_DEFAULTS = { buildDir: HOST_BUILD_DIR, jobs: 2, tests: false } as const;

function run(cmd: string, args: string[], onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const take = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', reject);
    child.once('close', (code) => {
      if (pending) onLine(pending);
      resolve(code ?? 1);
    });
  });
}

export async function buildHostNode(options: HostBuildOptions = {}): Promise<HostBuild> {
  const o = { ...HOST_BUILD_DEFAULTS, ...options };
  const started = Date.now();
  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    o.onOutput?.(line);
  };
  const fail = (what: string, cause?: unknown): never => {
    throw new FirmwareError(
      FIRMWARE_ERROR_CODES.BUILD_FAILED,
      `${what}. The host build needs cmake, g++, libmosquitto-dev, libgtest-dev and nlohmann-json3-dev ` +
        `(Debian/Ubuntu package names; see firmware/README.md). Last output:\n${tail.join('\n')}`,
      { cause },
    );
  };
  const configure = await run(
    'cmake',
    ['-S', FIRMWARE_DIR, '-B', o.buildDir, '-DCMAKE_BUILD_TYPE=Release'],
    onLine,
  ).catch((e: unknown) => fail('cmake could not be started (is it installed?)', e));
  if (configure !== 0) fail(`CMake could not configure ${FIRMWARE_DIR} (exit ${configure})`);
  const targets = o.tests ? ['twinbench-node', 'twinbench-node-tests'] : ['twinbench-node'];
  const build = await run(
    'cmake',
    ['--build', o.buildDir, '--parallel', String(o.jobs), '--target', ...targets],
    onLine,
  );
  if (build !== 0) fail(`the host build failed (exit ${build})`);
  const binary = hostNodeBinary(o.buildDir);
  if (!existsSync(binary)) fail(`the build finished but ${binary} is not there`);
  return { binary, version: firmwareVersion(), buildDir: o.buildDir, ms: Date.now() - started };
}

/** The built program, or an error that says how to build it. */
export function requireHostNode(buildDir: string = HOST_BUILD_DIR): string {
  const binary = hostNodeBinary(buildDir);
  if (!existsSync(binary)) {
    throw new FirmwareError(
      FIRMWARE_ERROR_CODES.NOT_BUILT,
      `${binary} is not built: run \`npx twinbench firmware build\` (or firmware/scripts/test-host.sh).`,
    );
  }
  return binary;
}
