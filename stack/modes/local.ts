import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findBinary } from '../binaries.ts';
import { BrokerAudit } from '../broker/broker-audit.ts';
import { brokerLogin } from '../broker/broker-login.ts';
import { renderMosquittoConfig } from '../broker/mosquitto-config.ts';
import { STACK_ERROR_CODES, StackError } from '../errors.ts';
import { InfluxClient } from '../influx/influx-client.ts';
import { LOOPBACK, pickPort } from '../ports.ts';
import { connectHost } from '../reach.ts';
import { mqttAnswers } from '../readiness.ts';
import type { ServiceHandle } from '../service.ts';
import { influxEnv, prepareInflux } from './influx-setup.ts';
import type { ModeResult, ResolvedOptions } from './mode.ts';
import { startProcessService } from './process-service.ts';

/** Starts mosquitto and influxd from PATH, each on a free loopback port with its own temp dir. */
export async function startLocal(opts: ResolvedOptions): Promise<ModeResult> {
  const mosquittoBin = findBinary('mosquitto');
  const influxdBin = findBinary('influxd');
  const missing = [!mosquittoBin && 'mosquitto', !influxdBin && 'influxd'].filter(Boolean);
  if (missing.length > 0) {
    throw new StackError(
      STACK_ERROR_CODES.BINARY_MISSING,
      `local mode needs ${missing.join(' and ')} on PATH. Install them (Debian/Ubuntu: sudo apt-get install mosquitto influxdb) or use containers mode (--stack containers) with a Docker engine.`,
    );
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'twinbench-stack-'));
  await chmod(root, 0o755);
  const services: ServiceHandle[] = [];
  try {
    const broker = await startLocalMosquitto(mosquittoBin as string, root, opts);
    services.push(broker.handle);
    const influx = await startLocalInflux(influxdBin as string, root, opts);
    services.push(influx.handle);
    const stopAll = services.slice();
    return {
      mqtt: broker.mqtt,
      influxUrl: influx.url,
      brokerAudit: broker.audit,
      reloadBroker: broker.reload,
      services,
      cleanup: async () => {
        await Promise.all(stopAll.map((s) => s.stop()));
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(services.map((s) => s.stop()));
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function startLocalMosquitto(bin: string, root: string, opts: ResolvedOptions) {
  const dir = path.join(root, 'mosquitto');
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  const port = await pickPort(opts.broker.port, 'the MQTT broker', opts.strictPorts);
  const tlsPort = opts.broker.tls
    ? await pickPort(opts.broker.tls.port, 'the MQTT TLS listener', opts.strictPorts)
    : undefined;
  const paths: { dir: string; dataDir: string; certFile?: string; keyFile?: string; caFile?: string } = {
    dir,
    dataDir,
  };
  if (opts.broker.tls) {
    // Copies so that the broker (which may drop to user mosquitto) can read them.
    for (const [key, file] of [
      ['certFile', opts.broker.tls.certFile],
      ['keyFile', opts.broker.tls.keyFile],
      ['caFile', opts.broker.tls.caFile],
    ] as const) {
      if (!file) continue;
      const target = path.join(dir, path.basename(file));
      await copyFile(file, target);
      await chmod(target, 0o644);
      paths[key] = target;
    }
  }
  // With TLS, only the TLS listener goes where the user asked; plain MQTT stays on loopback for the
  // platform and the simulator.
  const bindAddress = opts.broker.tls ? LOOPBACK : (opts.broker.bindAddress ?? LOOPBACK);
  const rendered = renderMosquittoConfig(
    opts.broker,
    {
      bindAddress,
      port,
      ...(tlsPort ? { tlsPort, tlsBindAddress: opts.broker.bindAddress ?? LOOPBACK } : {}),
    },
    paths,
    { runAsRoot: process.getuid?.() === 0 },
  );
  for (const skipped of rendered.aclSkipped) opts.onProgress(`broker ACL: ${skipped}`);
  const writeFiles = async (files: Record<string, string>) => {
    for (const [name, content] of Object.entries(files)) {
      await writeFile(path.join(dir, name), content, { mode: 0o644 });
    }
  };
  await writeFiles(rendered.files);
  // The stack's own clients use loopback when the broker listens on every address.
  const host = connectHost(bindAddress);
  const url = `mqtt://${host}:${port}`;
  const auth = brokerLogin(opts.broker);
  const audit = new BrokerAudit();
  const handle = await startProcessService(
    {
      name: 'mosquitto',
      bin,
      args: ['-c', path.join(dir, 'mosquitto.conf')],
      env: process.env,
      url,
      readiness: 'accept MQTT connections',
      ready: () => mqttAnswers(url, auth),
      onLine: (line) => audit.push(line),
    },
    opts,
  );
  return {
    handle,
    audit,
    // Mosquitto rereads its password and ACL files on SIGHUP (added devices, no restart).
    reload: async (files: Record<string, string>) => {
      await writeFiles(files);
      handle.signal('SIGHUP');
    },
    mqtt: {
      url,
      host,
      port,
      ...(tlsPort
        ? { tlsUrl: `mqtts://${connectHost(opts.broker.bindAddress ?? LOOPBACK)}:${tlsPort}` }
        : {}),
    },
  };
}

async function startLocalInflux(bin: string, root: string, opts: ResolvedOptions) {
  const dir = path.join(root, 'influxdb');
  await mkdir(dir, { recursive: true });
  const port = await pickPort(opts.influx.port, 'InfluxDB', opts.strictPorts);
  const rpcPort = await pickPort(undefined, 'the InfluxDB RPC port');
  const url = `http://${LOOPBACK}:${port}`;
  const env = {
    ...process.env,
    ...influxEnv({
      httpBind: `${LOOPBACK}:${port}`,
      rpcBind: `${LOOPBACK}:${rpcPort}`,
      dataRoot: dir,
      auth: !!opts.influx.auth,
    }),
  };
  const client = new InfluxClient({ url });
  const handle = await startProcessService(
    {
      name: 'influxdb',
      bin,
      args: [],
      env,
      url,
      readiness: 'answer GET /ping',
      ready: async () => (await client.ping()) !== '',
    },
    opts,
  );
  await prepareInflux(url, opts);
  return { handle, url };
}
