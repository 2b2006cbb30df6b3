/**
 * Real processes for link tests: a socat pty pair, and Debian's ser2net serving one end over RFC 2217.
 * Each start returns a `stop()` that ends the process it started (by its pid) and waits for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

export interface Started {
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** `socat pty,raw,echo=0 pty,raw,echo=0`: resolves with both pty paths once socat printed them. */
export function startPtyPair(): Promise<Started & { a: string; b: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ptys: string[] = [];
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      err += s;
      for (const m of s.matchAll(/PTY is (\/dev\/pts\/\d+)/g)) ptys.push(m[1]!);
      if (ptys.length === 2 && /starting data transfer loop/.test(err)) {
        resolve({ a: ptys[0]!, b: ptys[1]!, stop: () => stopChild(child) });
      }
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`socat exited (${code}) before its ptys were ready:\n${err}`)),
    );
  });
}

/** A TCP port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** ser2net (`telnet(rfc2217)` accepter) in front of `device`; resolves once it accepts connections. */
export async function startSer2net(
  device: string,
  dir: string,
): Promise<Started & { port: number; url: string }> {
  const port = await freePort();
  const conf = join(dir, `ser2net-${port}.yaml`);
  await writeFile(
    conf,
    `connection: &dut\n  accepter: telnet(rfc2217),tcp,127.0.0.1,${port}\n  connector: serialdev,${device},115200n81,local\n  options:\n    kickolduser: true\n`,
  );
  const child = spawn('ser2net', ['-n', '-d', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`ser2net exited (${code}):\n${err}`))),
  );
  // Readiness: the port accepts a connection (checked, then closed; ser2net serves the next one).
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await Promise.race([
      new Promise<boolean>((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      }),
      exited,
    ]);
    if (ok) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`ser2net did not listen on ${port} within 10 s:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  exited.catch(() => {});
  return { port, url: `rfc2217://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
