import { Option, type Command } from 'commander';
import { deviceTypePathsFromEnv, readDeviceTypeFiles } from '../runtime/index.ts';
import {
  DEFAULT_PKI_DIR,
  optionsFromEnv,
  PLATFORM_RUNNERS,
  type StackMode,
  type StackOptions,
} from '../stack/index.ts';
import { customDeviceTypes, registerDeviceTypes } from '../twin/index.ts';

/** Flags every command that brings up a stack shares (stack, platform, simulate, run, demo). */
export interface StackFlags {
  stack?: StackMode;
  mqttUrl?: string;
  influxUrl?: string;
  influxDb?: string;
  mosquittoImage?: string;
  influxImage?: string;
  network?: 'auto' | 'host' | 'bridge';
  startupTimeout?: string;
  /** false with --no-broker-persistence. */
  brokerPersistence?: boolean;
  /** Per-device broker credentials and the device ACL (docs/security.md). */
  deviceAuth?: boolean;
  tls?: boolean;
  mtls?: boolean;
  listen?: string;
  pki?: string;
}

export function addStackFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--stack <mode>', 'where the broker and database come from')
        .choices(['auto', 'containers', 'local', 'external'])
        .env('TWINBENCH_STACK'),
    )
    .addOption(new Option('--mqtt-url <url>', 'broker URL for --stack external').env('TWINBENCH_MQTT_URL'))
    .addOption(
      new Option('--influx-url <url>', 'InfluxDB URL for --stack external').env('TWINBENCH_INFLUX_URL'),
    )
    .addOption(new Option('--influx-db <name>', 'database name').env('TWINBENCH_INFLUX_DB'))
    .addOption(
      new Option('--mosquitto-image <image>', 'Mosquitto image (containers mode)').env(
        'TWINBENCH_MOSQUITTO_IMAGE',
      ),
    )
    .addOption(
      new Option('--influx-image <image>', 'InfluxDB image (containers mode)').env('TWINBENCH_INFLUX_IMAGE'),
    )
    .addOption(
      new Option('--network <mode>', 'container networking')
        .choices(['auto', 'host', 'bridge'])
        .env('TWINBENCH_CONTAINER_NETWORK'),
    )
    .option('--startup-timeout <ms>', 'how long each service may take to become ready', '60000')
    .option(
      '--no-broker-persistence',
      'Mosquitto keeps nothing across a restart (default: it saves sessions and retained messages every second)',
    )
    .option(
      '--device-auth',
      'per-device broker credentials (user = device id, password derived from the CA folder’s secret) and an ACL: a device may act only as itself',
    )
    .option('--tls', 'a TLS listener for the broker and HTTPS for the platform, from the CA folder (--pki)')
    .option(
      '--mtls',
      'devices must present a client certificate from the CA folder (implies --tls, --device-auth)',
    )
    .option(
      '--listen <address>',
      'open the broker (its TLS listener with --tls) and the API on this address, e.g. 0.0.0.0; refused without --device-auth or --mtls',
    )
    .addOption(
      new Option(
        '--pki <dir>',
        'CA folder: ca.crt, server and device certificates, the device secret',
      ).default(DEFAULT_PKI_DIR),
    );
}

export function stackOptionsFrom(flags: StackFlags, onProgress?: (m: string) => void): StackOptions {
  const base = optionsFromEnv();
  const containers = { ...base.containers };
  if (flags.mosquittoImage) containers.mosquittoImage = flags.mosquittoImage;
  if (flags.influxImage) containers.influxImage = flags.influxImage;
  if (flags.network) containers.network = flags.network;
  const out: StackOptions = { mode: flags.stack ?? base.mode ?? 'auto', containers };
  if (flags.mqttUrl && flags.influxUrl) out.external = { mqttUrl: flags.mqttUrl, influxUrl: flags.influxUrl };
  if (flags.influxDb) out.influx = { database: flags.influxDb };
  if (flags.startupTimeout) out.startupTimeoutMs = Number(flags.startupTimeout);
  if (flags.brokerPersistence === false) out.broker = { ...out.broker, persistence: false };
  if (flags.deviceAuth || flags.tls || flags.mtls || flags.listen) {
    out.security = {
      ...(flags.pki ? { pkiDir: flags.pki } : {}),
      ...(flags.deviceAuth ? { deviceAuth: true } : {}),
      ...(flags.tls ? { tls: true } : {}),
      ...(flags.mtls ? { mutualTls: true } : {}),
      ...(flags.listen ? { listen: flags.listen } : {}),
    };
  }
  if (onProgress) out.onProgress = onProgress;
  return out;
}

/** `--platform process|container`: the platform on this machine or in a container (twinbench/platform). */
export function platformRunnerOption(): Option {
  return new Option(
    '--platform <runner>',
    'run the platform as a process here or as a container (image twinbench/platform; npm run images:local)',
  )
    .choices([...PLATFORM_RUNNERS])
    .env('TWINBENCH_PLATFORM');
}

/**
 * `--device-types <file|folder>` (repeatable; TWINBENCH_DEVICE_TYPES, paths separated by ':'): device
 * types of your own (docs/device-types.md).
 */
export function deviceTypesOption(): Option {
  return new Option(
    '--device-types <path>',
    'device-type file or folder of them (repeatable; docs/device-types.md)',
  )
    .argParser((value: string, previous: string[] | undefined) => [
      ...(previous ?? []),
      ...deviceTypePathsFromEnv(value),
    ])
    .env('TWINBENCH_DEVICE_TYPES');
}

/**
 * Reads, checks and registers the device-type files of `--device-types` in this process (fleets and
 * scenarios simulate them here), and returns every registered type's document: what a platform gets in
 * its config, inline, so one in a container needs no file mounted. Throws DeviceTypeFileError
 * (file:line:col) for a bad file.
 */
export function registerDeviceTypeFlags(paths: readonly string[] | undefined): Record<string, unknown>[] {
  if (paths && paths.length > 0) registerDeviceTypes(readDeviceTypeFiles(paths));
  return registeredDeviceTypeDocuments();
}

/** The documents of every type registered in this process, for a platform's `deviceTypes` config. */
export function registeredDeviceTypeDocuments(): Record<string, unknown>[] {
  return customDeviceTypes().map((d) => d.document as unknown as Record<string, unknown>);
}

/** The argv that reproduces these flags (the background supervisor is started with them). */
export function stackFlagsToArgv(flags: StackFlags): string[] {
  const argv: string[] = [];
  const add = (name: string, v: string | undefined) => v !== undefined && argv.push(name, v);
  add('--stack', flags.stack);
  add('--mqtt-url', flags.mqttUrl);
  add('--influx-url', flags.influxUrl);
  add('--influx-db', flags.influxDb);
  add('--mosquitto-image', flags.mosquittoImage);
  add('--influx-image', flags.influxImage);
  add('--network', flags.network);
  add('--startup-timeout', flags.startupTimeout);
  if (flags.brokerPersistence === false) argv.push('--no-broker-persistence');
  if (flags.deviceAuth) argv.push('--device-auth');
  if (flags.tls) argv.push('--tls');
  if (flags.mtls) argv.push('--mtls');
  add('--listen', flags.listen);
  add('--pki', flags.pki);
  return argv;
}
