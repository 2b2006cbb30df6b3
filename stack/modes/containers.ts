import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { BrokerAudit } from '../broker/broker-audit.ts';
import { brokerLogin } from '../broker/broker-login.ts';
import { renderMosquittoConfig } from '../broker/mosquitto-config.ts';
import { STACK_ERROR_CODES, StackError } from '../errors.ts';
import { InfluxClient } from '../influx/influx-client.ts';
import { LogTail } from '../log-tail.ts';
import { STACK_DEFAULTS } from '../options.ts';
import { LOOPBACK, pickPort } from '../ports.ts';
import { mqttAnswers, waitUntil } from '../readiness.ts';
import { connectHost } from '../reach.ts';
import type { ServiceHandle } from '../service.ts';
import { containerEngine, engineHasBridge, imageExists } from './engine.ts';
import { influxEnv, influxReady, prepareInflux } from './influx-setup.ts';
import type { ModeResult, ResolvedOptions } from './mode.ts';

/** Label on every container twinbench starts; `stack down` and `doctor` find strays by it. */
export const STACK_LABEL = 'dev.twinbench.stack';
const CONFIG_DIR = '/mosquitto/config';

interface ContainerPlan {
  mosquittoImage: string;
  influxImage: string;
  network: 'host' | 'bridge';
  reaper: boolean;
}

/** Applies the 'auto' choices: images present locally, host network on bridge-less engines, Ryuk only when it can run. */
export async function planContainers(opts: ResolvedOptions): Promise<ContainerPlan> {
  const client = await containerEngine();
  const pickImage = async (
    configured: string | undefined,
    official: string,
    local: string,
  ): Promise<string> => {
    if (configured) return configured;
    if (await imageExists(client, official)) return official;
    if (await imageExists(client, local)) return local;
    return official; // will be pulled; fails with a clear message where no registry is reachable
  };
  const c = opts.containers;
  const network =
    c.network === 'host' || c.network === 'bridge'
      ? c.network
      : (await engineHasBridge(client))
        ? 'bridge'
        : 'host';
  const reaper =
    c.reaper === 'on'
      ? true
      : c.reaper === 'off'
        ? false
        : process.env.TESTCONTAINERS_RYUK_DISABLED !== 'true' &&
          (await imageExists(client, 'testcontainers/ryuk:0.14.0'));
  return {
    mosquittoImage: await pickImage(
      c.mosquittoImage,
      STACK_DEFAULTS.officialMosquittoImage,
      STACK_DEFAULTS.localMosquittoImage,
    ),
    influxImage: await pickImage(
      c.influxImage,
      STACK_DEFAULTS.officialInfluxImage,
      STACK_DEFAULTS.localInfluxImage,
    ),
    network,
    reaper,
  };
}

/** Mosquitto and InfluxDB as Testcontainers GenericContainers. */
export async function startContainers(opts: ResolvedOptions, stackId: string): Promise<ModeResult> {
  const plan = await planContainers(opts);
  // Read lazily by testcontainers when the first container starts.
  if (!plan.reaper) process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  opts.onProgress(
    `containers: ${plan.mosquittoImage} + ${plan.influxImage}, ${plan.network} network, reaper ${plan.reaper ? 'on' : 'off'}`,
  );
  const services: ServiceHandle[] = [];
  try {
    const broker = await startMosquittoContainer(opts, plan, stackId);
    services.push(broker.handle);
    const influx = await startInfluxContainer(opts, plan, stackId);
    services.push(influx.handle);
    return {
      mqtt: broker.mqtt,
      influxUrl: influx.url,
      brokerAudit: broker.audit,
      reloadBroker: broker.reload,
      services,
      cleanup: async () => {
        await Promise.all(services.map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.all(services.map((s) => s.stop()));
    throw err;
  }
}

function containerHandle(
  name: 'mosquitto' | 'influxdb',
  image: string,
  container: StartedTestContainer,
  tail: LogTail,
  afterRestart: () => Promise<void>,
  hostNetwork: boolean,
): ServiceHandle {
  let stopped = false;
  return {
    info: { name, kind: 'container', id: container.getId(), image },
    logs: () => tail.lines(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await container.stop({ timeout: 2_000, remove: true, removeVolumes: true });
    },
    restart: async () => {
      if (hostNetwork) {
        // Not testcontainers' restart(): it waits again for the start-up log line, reading logs "since"
        // the new start, and that line was missed once in three CI runs. On the host network the port
        // stays the same, so wait on what cannot be missed: the service answering (MQTT CONNECT, /ping).
        const client = await containerEngine();
        await client.container.restart(client.container.getById(container.getId()), { timeout: 2_000 });
      } else {
        await container.restart({ timeout: 2_000 }); // re-reads the mapped ports, which may change
      }
      await afterRestart();
    },
  };
}

async function startOrExplain(
  builder: GenericContainer,
  what: string,
  image: string,
  tail: LogTail,
  timeoutMs: number,
): Promise<StartedTestContainer> {
  try {
    return await builder.start();
  } catch (cause) {
    const msg = (cause as Error).message ?? String(cause);
    const pull = /pull|manifest|not found|No such image|registry/i.test(msg);
    throw new StackError(
      STACK_ERROR_CODES.NOT_READY,
      pull
        ? `${what} image ${image} is not present and could not be pulled (${msg.split('\n')[0]}). Build local images with \`npm run images:local\`, or name an image you have with --mosquitto-image / --influx-image.`
        : `${what} container (${image}) did not start and become ready within ${timeoutMs} ms: ${msg.split('\n')[0]}`,
      { cause, logTail: tail.lines() },
    );
  }
}

async function startMosquittoContainer(opts: ResolvedOptions, plan: ContainerPlan, stackId: string) {
  const host = plan.network === 'host';
  const port = host ? await pickPort(opts.broker.port, 'the MQTT broker', opts.strictPorts) : 1883;
  const tlsPort = opts.broker.tls
    ? host
      ? await pickPort(opts.broker.tls.port, 'the MQTT TLS listener')
      : 8883
    : undefined;
  const tls = opts.broker.tls;
  const certPath = (f: string | undefined) => (f ? `${CONFIG_DIR}/certs/${path.basename(f)}` : undefined);
  // Host network: the asked address (default loopback). Bridge: every address inside the container,
  // while the mapped ports on the host are Docker's business.
  // With TLS, only the TLS listener goes where the user asked; plain MQTT stays on loopback.
  const asked = opts.broker.bindAddress ?? LOOPBACK;
  const bindAddress = host ? (opts.broker.tls ? LOOPBACK : asked) : '0.0.0.0';
  const rendered = renderMosquittoConfig(
    opts.broker,
    {
      bindAddress,
      port,
      ...(tlsPort ? { tlsPort, tlsBindAddress: host ? asked : '0.0.0.0' } : {}),
    },
    {
      dir: CONFIG_DIR,
      dataDir: '/mosquitto/data',
      ...(tls
        ? { certFile: certPath(tls.certFile), keyFile: certPath(tls.keyFile), caFile: certPath(tls.caFile) }
        : {}),
    },
  );
  const contents = Object.entries(rendered.files).map(([name, content]) => ({
    content,
    target: `${CONFIG_DIR}/${name}`,
    mode: 0o644,
  }));
  if (tls) {
    for (const f of [tls.certFile, tls.keyFile, tls.caFile]) {
      if (f)
        contents.push({ content: await readFile(f, 'utf8'), target: certPath(f) as string, mode: 0o644 });
    }
  }
  for (const skipped of rendered.aclSkipped) opts.onProgress(`broker ACL: ${skipped}`);
  const audit = new BrokerAudit();
  const tail = new LogTail(40, (line) => audit.push(line));
  let builder = new GenericContainer(plan.mosquittoImage)
    .withLabels({ [STACK_LABEL]: stackId })
    .withCopyContentToContainer(contents)
    .withCommand(['mosquitto', '-c', `${CONFIG_DIR}/mosquitto.conf`])
    .withLogConsumer((stream) => stream.on('data', (d: Buffer | string) => tail.push(d)))
    .withWaitStrategy(Wait.forLogMessage(/mosquitto version .* running/))
    .withStartupTimeout(opts.startupTimeoutMs);
  builder = host
    ? builder.withNetworkMode('host')
    : builder.withExposedPorts(...(tlsPort ? [port, tlsPort] : [port]));
  opts.onProgress(`starting ${plan.mosquittoImage}`);
  const container = await startOrExplain(
    builder,
    'Mosquitto',
    plan.mosquittoImage,
    tail,
    opts.startupTimeoutMs,
  );
  const hostName = host ? connectHost(bindAddress) : container.getHost();
  const endpoint = () => ({
    host: hostName,
    port: host ? port : container.getMappedPort(port),
    tlsPort: tlsPort ? (host ? tlsPort : container.getMappedPort(tlsPort)) : undefined,
  });
  const ready = async () => {
    const url = `mqtt://${hostName}:${endpoint().port}`;
    const auth = brokerLogin(opts.broker);
    const r = await waitUntil(() => mqttAnswers(url, auth), { timeoutMs: opts.startupTimeoutMs });
    if (!r.ok) {
      throw new StackError(
        STACK_ERROR_CODES.NOT_READY,
        `Mosquitto container logged "running" but ${url} refused MQTT.`,
        {
          logTail: tail.lines(),
        },
      );
    }
  };
  try {
    await ready();
  } catch (err) {
    await container.stop({ remove: true });
    throw err;
  }
  const e = endpoint();
  return {
    handle: containerHandle('mosquitto', plan.mosquittoImage, container, tail, ready, host),
    audit,
    // Mosquitto rereads its password and ACL files on SIGHUP (added devices, no restart).
    reload: async (files: Record<string, string>) => {
      await container.copyContentToContainer(
        Object.entries(files).map(([name, content]) => ({
          content,
          target: `${CONFIG_DIR}/${name}`,
          mode: 0o644,
        })),
      );
      await container.exec(['sh', '-c', 'kill -HUP 1']); // the shell's kill: images differ in /bin/kill
    },
    mqtt: {
      url: `mqtt://${e.host}:${e.port}`,
      host: e.host,
      port: e.port,
      ...(e.tlsPort ? { tlsUrl: `mqtts://${host ? connectHost(asked) : e.host}:${e.tlsPort}` } : {}),
    },
  };
}

async function startInfluxContainer(opts: ResolvedOptions, plan: ContainerPlan, stackId: string) {
  const host = plan.network === 'host';
  const port = host ? await pickPort(opts.influx.port, 'InfluxDB', opts.strictPorts) : 8086;
  const rpcPort = host ? await pickPort(undefined, 'the InfluxDB RPC port') : 8088;
  const tail = new LogTail(40);
  let builder = new GenericContainer(plan.influxImage)
    .withLabels({ [STACK_LABEL]: stackId })
    .withEnvironment(
      influxEnv({
        httpBind: host ? `${LOOPBACK}:${port}` : `:${port}`,
        rpcBind: host ? `${LOOPBACK}:${rpcPort}` : `${LOOPBACK}:${rpcPort}`,
        auth: !!opts.influx.auth,
      }),
    )
    .withLogConsumer((stream) => stream.on('data', (d: Buffer | string) => tail.push(d)))
    .withWaitStrategy(Wait.forLogMessage(/Listening on HTTP/))
    .withStartupTimeout(opts.startupTimeoutMs);
  builder = host ? builder.withNetworkMode('host') : builder.withExposedPorts(port);
  opts.onProgress(`starting ${plan.influxImage}`);
  const container = await startOrExplain(builder, 'InfluxDB', plan.influxImage, tail, opts.startupTimeoutMs);
  const url = `http://${host ? LOOPBACK : container.getHost()}:${host ? port : container.getMappedPort(port)}`;
  const ready = async () => {
    const r = await influxReady(new InfluxClient({ url }), opts.startupTimeoutMs);
    if (!r.ok) {
      throw new StackError(
        STACK_ERROR_CODES.NOT_READY,
        `InfluxDB container logged "Listening" but ${url}/ping did not answer.`,
        {
          logTail: tail.lines(),
        },
      );
    }
  };
  try {
    await ready();
    await prepareInflux(url, opts);
  } catch (err) {
    await container.stop({ remove: true });
    throw err;
  }
  return { handle: containerHandle('influxdb', plan.influxImage, container, tail, ready, host), url };
}

/** Removes containers twinbench left behind (all of them, or one stack's). Returns how many. */
export async function removeStrayContainers(stackId?: string): Promise<number> {
  const client = await containerEngine();
  const all = await client.container.list();
  const ours = all.filter((c) => c.Labels?.[STACK_LABEL] && (!stackId || c.Labels[STACK_LABEL] === stackId));
  for (const info of ours) {
    const container = client.container.getById(info.Id);
    await client.container.stop(container, { timeout: 0 }).catch(() => undefined);
    await client.container.remove(container, { removeVolumes: true }).catch(() => undefined);
  }
  return ours.length;
}
