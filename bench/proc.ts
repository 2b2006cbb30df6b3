// What the benches read about other processes and the machine, from /proc as `ps` and `top` would.
import { readFileSync } from 'node:fs';

/** VmRSS of a process, in bytes (what `ps -o rss` shows); 0 once it is gone. */
export function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a process has used so far; `gone` (0) once it is gone or unknown. */
export function cpuSeconds(pid: number, gone = 0): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat; rest starts at field 3. Ticks are 100 a second
    // on Linux (USER_HZ), which `getconf CLK_TCK` confirms here.
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return gone;
  }
}

/** Busy and total ticks of all cores so far, from /proc/stat (Linux); NaNs elsewhere. */
export function machineTicks(): { busy: number; total: number } {
  try {
    const cpu =
      readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th.
    return { busy: total - (cpu[3] ?? 0) - (cpu[4] ?? 0), total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** The machine's 1-minute load average (how loaded it was while a figure was taken). */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

export async function waitFor<T>(
  check: () => Promise<T | false>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
