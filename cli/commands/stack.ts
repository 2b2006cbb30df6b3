import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { InfluxClient, removeStrayContainers, startStack, type StackInfo } from '../../stack/index.ts';
import {
  DEFAULT_STATE_FILE,
  processAlive,
  readState,
  removeState,
  writeState,
} from '../background/state-file.ts';
import { formatEnv, formatStackInfo } from '../print-info.ts';
import { addStackFlags, stackFlagsToArgv, stackOptionsFrom, type StackFlags } from '../stack-flags.ts';
import { mqttHealthy } from '../health.ts';
import { waitForSignal } from '../signals.ts';

const BIN = fileURLToPath(new URL('../../bin/twinbench.js', import.meta.url));

interface UpFlags extends StackFlags {
  foreground?: boolean;
  state: string;
  json?: boolean;
}

export function stackCommand(): Command {
  const stack = new Command('stack').description('bring the broker and database up or down');
  addStackFlags(
    stack
      .command('up')
      .description(
        'start Mosquitto and InfluxDB (in the background unless --foreground) and print how to reach them',
      )
      .option('--foreground', 'hold the stack until Ctrl-C')
      .option('--state <file>', 'where the background stack is recorded', DEFAULT_STATE_FILE)
      .option('--json', 'print the connection info as JSON'),
  ).action((flags: UpFlags) => (flags.foreground ? upForeground(flags) : upBackground(flags)));
  stack
    .command('down')
    .description('stop exactly what `stack up` started')
    .option('--state <file>', 'state file written by stack up', DEFAULT_STATE_FILE)
    .action(down);
  stack
    .command('status')
    .description('show the background stack and check that each service answers')
    .option('--state <file>', 'state file written by stack up', DEFAULT_STATE_FILE)
    .option('--json', 'print as JSON')
    .option('--env', 'print shell exports for other tools (eval "$(twinbench stack status --env)")')
    .action(status);
  return stack;
}

/** Holds the stack in this process; records it in the state file when one is given. */
async function upForeground(flags: UpFlags): Promise<void> {
  const log = (m: string) => console.error(`[stack] ${m}`);
  const started = Date.now();
  await writeState(flags.state, {
    status: 'starting',
    pid: process.pid,
    startedAt: new Date().toISOString(),
  });
  let stack;
  try {
    stack = await startStack(stackOptionsFrom(flags, log));
  } catch (err) {
    await writeState(flags.state, {
      status: 'failed',
      pid: process.pid,
      startedAt: new Date(started).toISOString(),
      error: (err as Error).message,
    });
    throw err;
  }
  await writeState(flags.state, {
    status: 'ready',
    pid: process.pid,
    stackId: stack.id,
    startedAt: new Date(started).toISOString(),
    info: stack.info,
  });
  console.log(flags.json ? JSON.stringify(stack.info, null, 2) : formatStackInfo(stack.info));
  log(`ready in ${Date.now() - started} ms; Ctrl-C (or twinbench stack down) stops it`);
  await waitForSignal();
  await stack.stop();
  await removeState(flags.state);
  log('stopped');
  process.exit(0);
}

/**
 * Starts a detached supervisor (`stack up --foreground`) and waits for it to report. A supervisor,
 * not containers left to themselves: with Ryuk on, testcontainers reaps containers when the starting
 * process exits, and local-mode processes need a parent that stops them.
 */
async function upBackground(flags: UpFlags): Promise<void> {
  const existing = await readState(flags.state);
  if (existing && processAlive(existing.pid) && existing.status !== 'failed') {
    console.error(
      `A stack is already up (supervisor pid ${existing.pid}); \`twinbench stack down\` stops it.`,
    );
    if (existing.info) console.log(formatStackInfo(existing.info));
    return;
  }
  await removeState(flags.state);
  const logFile = path.join(path.dirname(flags.state), 'stack.log');
  await mkdir(path.dirname(flags.state), { recursive: true });
  const out = await open(logFile, 'w');
  const child = spawn(
    process.execPath,
    [BIN, 'stack', 'up', '--foreground', '--state', flags.state, ...stackFlagsToArgv(flags)],
    { detached: true, stdio: ['ignore', out.fd, out.fd], env: process.env },
  );
  child.unref();
  await out.close();
  let childExited = false;
  child.once('exit', () => (childExited = true));
  const deadline = Date.now() + Number(flags.startupTimeout ?? 60_000) * 2 + 10_000;
  process.stderr.write('[stack] starting');
  while (Date.now() < deadline) {
    const state = await readState(flags.state);
    if (state?.status === 'ready' && state.info) {
      process.stderr.write(' ready\n');
      console.log(flags.json ? JSON.stringify(state.info, null, 2) : formatStackInfo(state.info));
      console.error(`[stack] supervisor pid ${state.pid}, log ${logFile}; \`twinbench stack down\` stops it`);
      process.exit(0);
    }
    if (state?.status === 'failed' || childExited) {
      process.stderr.write(' failed\n');
      await removeState(flags.state);
      throw new Error(`The stack did not start: ${state?.error ?? `supervisor exited; see ${logFile}`}`);
    }
    process.stderr.write('.');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The stack did not report ready in time; see ${logFile}, then \`twinbench stack down\`.`);
}

async function down(flags: { state: string }): Promise<void> {
  const state = await readState(flags.state);
  if (!state) {
    console.log(`No stack recorded in ${flags.state}; nothing to stop.`);
    return;
  }
  if (processAlive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (processAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }
  // The supervisor may have died without cleaning up: remove what the state names.
  let leftovers = 0;
  for (const s of state.info?.services ?? []) {
    if (s.kind === 'process' && processAlive(Number(s.id))) {
      process.kill(Number(s.id), 'SIGTERM');
      leftovers++;
    }
  }
  if (state.info?.mode === 'containers' && state.stackId)
    leftovers += await removeStrayContainers(state.stackId);
  await removeState(flags.state);
  console.log(`Stack stopped${leftovers ? ` (${leftovers} leftover service(s) removed)` : ''}.`);
}

async function status(flags: { state: string; json?: boolean; env?: boolean }): Promise<void> {
  const state = await readState(flags.state);
  if (!state?.info) {
    console.log(
      state?.status === 'starting'
        ? 'The stack is starting.'
        : 'No stack is up (twinbench stack up starts one).',
    );
    process.exitCode = 3;
    return;
  }
  if (flags.env) {
    console.log(formatEnv(state.info));
    return;
  }
  const health = await checkHealth(state.info);
  const supervisor = processAlive(state.pid);
  const healthy = supervisor && health.mqtt.ok && health.influx.ok;
  if (flags.json) {
    console.log(JSON.stringify({ ...state, supervisorAlive: supervisor, health, healthy }, null, 2));
  } else {
    console.log(formatStackInfo(state.info));
    console.log(
      `supervisor pid ${state.pid} ${supervisor ? 'running' : 'NOT RUNNING'}, up since ${state.startedAt}`,
    );
    console.log(`mqtt      ${health.mqtt.ok ? 'ok' : `DOWN: ${health.mqtt.detail}`}`);
    console.log(
      `influxdb  ${health.influx.ok ? `ok (version ${health.influx.detail})` : `DOWN: ${health.influx.detail}`}`,
    );
  }
  process.exitCode = healthy ? 0 : 1;
}

async function checkHealth(info: StackInfo) {
  const influx = await new InfluxClient({
    url: info.influx.url,
    ...(info.influx.auth ? { auth: info.influx.auth } : {}),
    timeoutMs: 3_000,
  })
    .ping()
    .then((v) => ({ ok: true, detail: v }))
    .catch((e: Error) => ({ ok: false, detail: e.message }));
  return { mqtt: await mqttHealthy(info.mqttUrl, info.mqtt), influx };
}
