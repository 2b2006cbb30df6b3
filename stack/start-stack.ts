import { randomUUID } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import type { BrokerAuditCounts } from './broker/broker-audit.ts';
import { brokerLogin } from './broker/broker-login.ts';
import { renderMosquittoConfig } from './broker/mosquitto-config.ts';
import { DEFAULT_PKI_DIR, registeredDevices } from './pki/pki.ts';
import { applySecurity } from './pki/security.ts';
import { checkReach } from './reach.ts';
import { STACK_ERROR_CODES, StackError } from './errors.ts';
import { findBinary } from './binaries.ts';
import type { StackInfo } from './info.ts';
import { startContainers } from './modes/containers.ts';
import { ENGINE_HELP, engineAvailable } from './modes/engine.ts';
import { startExternal } from './modes/external.ts';
import { startLocal } from './modes/local.ts';
import type { ModeResult, ResolvedOptions } from './modes/mode.ts';
import { STACK_DEFAULTS, type ResolvedMode, type StackMode, type StackOptions } from './options.ts';
import type { ServiceHandle } from './service.ts';

/** A running stack. `stop()` (or `await using`) is the only way back; it is safe to call twice. */
export interface StartedStack extends AsyncDisposable {
  readonly id: string;
  readonly info: StackInfo;
  readonly mqttUrl: string;
  readonly influx: StackInfo['influx'];
  service(name: 'mosquitto' | 'influxdb'): ServiceHandle;
  /**
   * Connections the broker refused and publishes its ACL denied, read from its log (zeros for an
   * external broker; denied publishes only with `deviceAuth.countDeniedPublishes`).
   */
  brokerAudit(): BrokerAuditCounts;
  /** Gives more devices their derived password on the running broker (device auth only); no restart. */
  addDevices(ids: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface ModeChoice {
  mode: ResolvedMode;
  reason: string;
}

/** What `auto` picks, and why (also shown by `twinbench doctor`). */
export async function chooseMode(requested: StackMode = 'auto'): Promise<ModeChoice> {
  if (requested !== 'auto') return { mode: requested, reason: `asked for ${requested}` };
  if (await engineAvailable()) return { mode: 'containers', reason: 'a container engine answers' };
  if (findBinary('mosquitto') && findBinary('influxd')) {
    return { mode: 'local', reason: 'no container engine answers; mosquitto and influxd are on PATH' };
  }
  throw new StackError(
    STACK_ERROR_CODES.NO_BACKEND,
    `Neither a container engine nor local binaries are available. ${ENGINE_HELP} On Debian/Ubuntu: sudo apt-get install mosquitto influxdb (then --stack local), or sudo apt-get install docker.io and start dockerd (then --stack containers, after \`npm run images:local\` if no registry is reachable).`,
  );
}

function resolve(options: StackOptions): ResolvedOptions {
  const timeout = options.startupTimeoutMs ?? STACK_DEFAULTS.startupTimeoutMs;
  if (!(timeout > 0))
    throw new StackError(STACK_ERROR_CODES.BAD_OPTIONS, `startupTimeoutMs must be > 0, got ${timeout}.`);
  return {
    broker: options.broker ?? {},
    influx: { ...options.influx, database: options.influx?.database ?? STACK_DEFAULTS.database },
    containers: options.containers ?? {},
    ...(options.external ? { external: options.external } : {}),
    startupTimeoutMs: timeout,
    strictPorts: options.strictPorts ?? false,
    onProgress: options.onProgress ?? (() => undefined),
  };
}

/** Starts Mosquitto and InfluxDB in the asked mode and waits until both really answer. */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  const resolved = resolve(options);
  const security = await applySecurity(resolved.broker, options.security);
  resolved.broker = security.broker;
  checkReach(resolved.broker);
  const choice = await chooseMode(options.mode);
  resolved.onProgress(`stack mode ${choice.mode} (${choice.reason})`);
  const id = randomUUID().slice(0, 8);
  let result: ModeResult;
  if (choice.mode === 'containers') result = await startContainers(resolved, id);
  else if (choice.mode === 'local') result = await startLocal(resolved);
  else result = await startExternal(resolved);

  const login = brokerLogin(resolved.broker);
  const firstUser = login.username !== undefined ? login : undefined;
  const influxAuth = resolved.influx.auth ?? resolved.external?.influxAuth;
  const info: StackInfo = {
    mode: choice.mode,
    mqttUrl: result.mqtt.url,
    ...(result.mqtt.tlsUrl ? { mqttTlsUrl: result.mqtt.tlsUrl } : {}),
    mqtt: {
      host: result.mqtt.host,
      port: result.mqtt.port,
      ...(firstUser ? { username: firstUser.username, password: firstUser.password } : {}),
      ...(resolved.broker.deviceAuth ? { deviceSecret: resolved.broker.deviceAuth.secret } : {}),
      ...(resolved.external?.mqttUsername ? { username: resolved.external.mqttUsername } : {}),
      ...(resolved.external?.mqttPassword ? { password: resolved.external.mqttPassword } : {}),
    },
    influx: {
      url: result.influxUrl,
      db: resolved.influx.database,
      ...(influxAuth ? { auth: influxAuth } : {}),
    },
    ...(security.tls ? { tls: security.tls } : {}),
    ...(security.listen ? { listen: security.listen } : {}),
    get services() {
      return result.services.map((s) => s.info);
    },
  };
  const deviceIds = new Set(resolved.broker.deviceAuth?.deviceIds ?? []);
  const addDevices = async (ids: readonly string[]) => {
    const auth = resolved.broker.deviceAuth;
    if (!auth || !result.reloadBroker) {
      throw new StackError(
        STACK_ERROR_CODES.BAD_OPTIONS,
        'addDevices needs a stack started with broker.deviceAuth (twinbench: --device-auth) and a broker it runs (not external).',
      );
    }
    const before = deviceIds.size;
    for (const id of ids) deviceIds.add(id);
    if (deviceIds.size === before) return;
    // Paths and ports do not matter here (a TLS listener needs one to render): only passwd (and acl,
    // unchanged) are rewritten.
    const { files } = renderMosquittoConfig(
      { ...resolved.broker, deviceAuth: { ...auth, deviceIds: [...deviceIds] } },
      { bindAddress: '', port: 0, tlsPort: 0 },
      { dir: '', dataDir: '' },
    );
    await result.reloadBroker({ passwd: files.passwd as string });
  };
  // Boards registered with `twinbench pki issue` while the stack runs get in without a restart.
  const unwatch = watchRegisteredDevices(options.security, resolved.broker, addDevices, resolved.onProgress);
  const unreport = reportRefusals(result, resolved.onProgress);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    unwatch();
    unreport();
    return (stopping ??= result.cleanup());
  };
  return {
    id,
    info,
    mqttUrl: info.mqttUrl,
    influx: info.influx,
    service: (name) => {
      const s = result.services.find((x) => x.info.name === name);
      if (!s) throw new StackError(STACK_ERROR_CODES.BAD_OPTIONS, `this stack has no service ${name}`);
      return s;
    },
    brokerAudit: () =>
      result.brokerAudit?.snapshot() ?? {
        refusedConnections: 0,
        refusedTls: 0,
        deniedPublishes: 0,
        takeovers: 0,
        recentDenials: [],
      },
    addDevices,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function watchRegisteredDevices(
  security: StackOptions['security'],
  broker: ResolvedOptions['broker'],
  addDevices: (ids: readonly string[]) => Promise<void>,
  log: (m: string) => void,
): () => void {
  if (!security || !broker.deviceAuth) return () => undefined;
  const dir = security.pkiDir ?? DEFAULT_PKI_DIR;
  const file = path.join(dir, 'devices.txt');
  const onChange = () => {
    registeredDevices(dir)
      .then(addDevices)
      .catch((err: unknown) => log(`could not add registered devices: ${(err as Error).message}`));
  };
  watchFile(file, { interval: 1_000, persistent: false }, onChange);
  return () => unwatchFile(file, onChange);
}

/** A progress line (the CLI's `[stack] …`) when the broker refused or denied something, at most every 5 s. */
function reportRefusals(result: ModeResult, log: (m: string) => void): () => void {
  const audit = result.brokerAudit;
  if (!audit) return () => undefined;
  let last = '';
  const timer = setInterval(() => {
    const c = audit.counts;
    const line = `broker so far: ${c.refusedConnections} connection(s) refused for credentials, ${c.refusedTls} TLS handshake(s) failed, ${c.deniedPublishes} publish(es) denied by the ACL, ${c.takeovers} client-id takeover(s)`;
    const any = c.refusedConnections + c.refusedTls + c.deniedPublishes > 0;
    if (any && line !== last)
      log(line + (c.recentDenials.length ? ` (last: ${c.recentDenials.at(-1)})` : ''));
    last = line;
  }, 5_000);
  timer.unref();
  return () => clearInterval(timer);
}
