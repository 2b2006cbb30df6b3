import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Command } from 'commander';
import {
  chooseMode,
  containerEngine,
  findBinary,
  isPortFree,
  planContainers,
  STACK_DEFAULTS,
  type ContainerModeOptions,
} from '../../stack/index.ts';
import { addStackFlags, stackOptionsFrom, type StackFlags } from '../stack-flags.ts';

const run = promisify(execFile);

interface Check {
  name: string;
  ok: boolean | 'warn';
  detail: string;
}

/** Reports what this machine offers twinbench and what `--stack auto` would do with it. */
export function doctorCommand(): Command {
  return addStackFlags(
    new Command('doctor')
      .description('check Node, the container engine, local binaries and ports')
      .option('--json', 'print as JSON'),
  ).action(async (flags: StackFlags & { json?: boolean }) => {
    const checks: Check[] = [];
    const major = Number(process.versions.node.split('.')[0]);
    checks.push({
      name: 'node',
      ok: major >= 24,
      detail: `${process.version}${major >= 24 ? '' : ' (twinbench needs Node 24: run it through npm, which uses the node@24 devDependency, or install Node 24)'}`,
    });
    const options = stackOptionsFrom(flags);
    checks.push(...(await engineChecks(options.containers ?? {})));
    for (const [bin, args] of [
      ['mosquitto', ['-h']],
      ['influxd', ['version']],
    ] as const) {
      const where = findBinary(bin);
      checks.push({
        name: bin,
        ok: where ? true : 'warn',
        detail: where
          ? `${where} ${await version(where, [...args])}`
          : 'not found (local mode needs it: apt-get install mosquitto influxdb)',
      });
    }
    for (const port of [1883, 8086]) {
      const free = await isPortFree(port);
      checks.push({
        name: `port ${port}`,
        ok: free ? true : 'warn',
        detail: free
          ? 'free'
          : 'taken (twinbench picks free ports itself, so this only matters for fixed-port setups)',
      });
    }
    let auto: Check;
    try {
      const choice = await chooseMode(options.mode);
      auto = {
        name: `--stack ${options.mode ?? 'auto'}`,
        ok: true,
        detail: `${choice.mode}: ${choice.reason}`,
      };
    } catch (err) {
      auto = { name: `--stack ${options.mode ?? 'auto'}`, ok: false, detail: (err as Error).message };
    }
    checks.push(auto);
    if (flags.json) console.log(JSON.stringify(checks, null, 2));
    else
      for (const c of checks)
        console.log(
          `${c.ok === true ? 'ok  ' : c.ok === 'warn' ? 'warn' : 'FAIL'}  ${c.name.padEnd(16)} ${c.detail}`,
        );
    process.exitCode = checks.some((c) => c.ok === false) ? 1 : 0;
  });
}

async function engineChecks(containers: ContainerModeOptions): Promise<Check[]> {
  try {
    const client = await containerEngine();
    const plan = await planContainers({
      broker: {},
      influx: { database: STACK_DEFAULTS.database },
      containers,
      startupTimeoutMs: 1,
      strictPorts: false,
      onProgress: () => undefined,
    });
    const rt = client.info.containerRuntime;
    return [
      {
        name: 'container engine',
        ok: true,
        detail: `answers (docker host ${rt.host}, server ${rt.serverVersion}, ${rt.operatingSystem})`,
      },
      {
        name: 'images',
        ok: true,
        detail: `${plan.mosquittoImage} + ${plan.influxImage} (${plan.mosquittoImage.startsWith('twinbench/') ? 'local Debian builds' : 'official; pulled if missing, or run npm run images:local where no registry is reachable'})`,
      },
      {
        name: 'networking',
        ok: true,
        detail: `${plan.network}${plan.network === 'host' ? ' (the engine has no bridge network: ports on 127.0.0.1)' : ' (mapped ports)'}; Ryuk ${plan.reaper ? 'on' : 'off (twinbench removes its own containers)'}`,
      },
    ];
  } catch (err) {
    return [{ name: 'container engine', ok: 'warn', detail: (err as Error).message }];
  }
}

async function version(bin: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(bin, args, { timeout: 3_000 });
    return firstVersion(stdout + stderr);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return firstVersion(`${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

function firstVersion(text: string): string {
  return text.match(/\d+\.\d+\.\d+/)?.[0] ?? '';
}
