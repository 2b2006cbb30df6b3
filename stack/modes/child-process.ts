import { spawn, type ChildProcess } from 'node:child_process';
import { LogTail } from '../log-tail.ts';

/** Children still running, killed if this process exits without stopping them (crash, test abort). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** A supervised child process with its output kept in a LogTail. */
export class ManagedProcess {
  readonly logs: LogTail;
  readonly #child: ChildProcess;
  #exited: Promise<number | null>;
  exitCode: number | null | undefined = undefined;

  constructor(binary: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void) {
    installExitHook();
    this.logs = new LogTail(40, onLine);
    this.#child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this.#child);
    this.#child.stdout?.on('data', (d: Buffer) => this.logs.push(d));
    this.#child.stderr?.on('data', (d: Buffer) => this.logs.push(d));
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        live.delete(this.#child);
        this.exitCode = code ?? (signal ? -1 : null);
        resolve(code);
      });
      this.#child.once('error', (err) => {
        this.logs.push(`spawn failed: ${err.message}\n`);
        live.delete(this.#child);
        this.exitCode = -1;
        resolve(-1);
      });
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** Sends a signal (SIGHUP: Mosquitto rereads its password and ACL files). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
