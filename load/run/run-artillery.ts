/**
 * Runs `artillery run` as artillery users run it, with what the engine needs in the environment:
 * NODE_PATH holds load/packages (artillery resolves `artillery-engine-twinbench` with Node's resolver,
 * which honours NODE_PATH, as artillery's own cloud workers use it), the devices' broker, the ledger
 * file, the worker slot. `workers` > 1 starts that many artillery processes, each running the whole
 * script — artillery's own `--count N` semantics for distributed runs — so the load is N times the
 * script's; each writes its own JSON report and checks its own `ensure` conditions.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';
import { ENGINE_PACKAGES_DIR } from '../engine/paths.ts';

export interface ArtilleryRunOptions {
  /** The artillery script (YAML or JSON). Required. */
  script: string;
  /** The platform's URL (artillery's `--target`). Required. */
  target: string;
  /** The devices' broker, mqtt://host:port. Required. */
  mqttUrl: string;
  /** Where the JSON report goes (`<out>.json`, or `<out>-<k>.json` per worker). Required. */
  outputBase: string;
  /** Ledger file the virtual users append to (JSON lines). Required. */
  ledgerPath: string;
  /** Device id prefix of this run. Default: the script's, else `ld`. */
  idPrefix?: string;
  /** artillery processes. Default 1. */
  workers?: number;
  /** Extra environment. Default none. */
  env?: NodeJS.ProcessEnv;
  /** Each line artillery prints (stdout and stderr). Default: printed to this process's stdout. */
  onLine?: (line: string, worker: number) => void;
  /** The Node binary that runs artillery. Default: this process's. */
  nodePath?: string;
}

export interface ArtilleryRunResult {
  /** 0 when every worker passed (artillery exits 1 when an `ensure` check fails). */
  exitCode: number;
  /** One per worker. */
  exitCodes: number[];
  reports: string[];
  /** The `ok:` / `fail:` lines of artillery's Checks section, per worker. */
  checks: string[][];
  /** Everything artillery printed, per worker. */
  output: string[][];
}

/** Where the artillery CLI is. */
export function artilleryBin(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('artillery/package.json')), 'bin', 'run');
  } catch (cause) {
    throw new LoadError(
      LOAD_ERROR_CODES.ARTILLERY_FAILED,
      'artillery is not installed here; run `npm ci` (it is a dependency of twinbench)',
      { cause },
    );
  }
}

/**
 * The environment an artillery process needs to load the engine. It also lists the `ensure` plugin in
 * ARTILLERY_PLUGINS (artillery's own variable): artillery 2.0.34 skips a script's `ensure` checks
 * unless `plugins: { ensure: {} }` is there too, and a CI run whose checks silently never ran would pass.
 */
export function engineEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  let plugins: Record<string, unknown> = {};
  try {
    plugins = base.ARTILLERY_PLUGINS ? (JSON.parse(base.ARTILLERY_PLUGINS) as Record<string, unknown>) : {};
  } catch {
    // not JSON: artillery ignores it too
  }
  return {
    ...base,
    NODE_PATH: [ENGINE_PACKAGES_DIR, base.NODE_PATH].filter(Boolean).join(path.delimiter),
    ARTILLERY_DISABLE_TELEMETRY: 'true',
    ARTILLERY_PLUGINS: JSON.stringify({ ensure: {}, ...plugins }),
  };
}

const CHECK_LINE = /^(ok|fail): (.*)$/;
/** Terminal colour codes (ESC [ … m) artillery puts around `ok` and `fail`. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export async function runArtillery(o: ArtilleryRunOptions): Promise<ArtilleryRunResult> {
  const workers = o.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new LoadError(LOAD_ERROR_CODES.BAD_OPTIONS, `workers ${String(workers)} must be an integer 1..64`);
  }
  const bin = artilleryBin();
  const runs = Array.from({ length: workers }, (_, k) => {
    const report = workers === 1 ? `${o.outputBase}.json` : `${o.outputBase}-${k + 1}.json`;
    const env = engineEnv({
      ...process.env,
      ...o.env,
      TWINBENCH_MQTT_URL: o.mqttUrl,
      TWINBENCH_LOAD_LEDGER: o.ledgerPath,
      ...(o.idPrefix ? { TWINBENCH_LOAD_PREFIX: o.idPrefix } : {}),
      ...(workers > 1 ? { TWINBENCH_LOAD_WORKER: String(k + 1) } : {}),
    });
    const args = [bin, 'run', o.script, '--target', o.target, '--output', report];
    return new Promise<{ code: number; report: string; lines: string[] }>((resolve, reject) => {
      const child = spawn(o.nodePath ?? process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      const onData = (tail: { s: string }) => (d: Buffer) => {
        tail.s += d.toString();
        const parts = tail.s.split('\n');
        tail.s = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          if (o.onLine) o.onLine(line, k + 1);
          else process.stdout.write(`${workers > 1 ? `[w${k + 1}] ` : ''}${line}\n`);
        }
      };
      const out = { s: '' };
      const err = { s: '' };
      child.stdout.on('data', onData(out));
      child.stderr.on('data', onData(err));
      child.once('error', (cause) =>
        reject(
          new LoadError(
            LOAD_ERROR_CODES.ARTILLERY_FAILED,
            `artillery could not be started (${cause.message})`,
            {
              cause,
            },
          ),
        ),
      );
      child.once('close', (code) => {
        for (const rest of [out.s, err.s]) if (rest) lines.push(rest);
        resolve({ code: code ?? 1, report, lines });
      });
    });
  });
  const done = await Promise.all(runs);
  return {
    exitCode: done.some((d) => d.code !== 0) ? 1 : 0,
    exitCodes: done.map((d) => d.code),
    reports: done.map((d) => d.report),
    checks: done.map((d) => d.lines.map((l) => l.replace(ANSI, '')).filter((l) => CHECK_LINE.test(l))),
    output: done.map((d) => d.lines),
  };
}
