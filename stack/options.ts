/** Everything a stack can be asked for. Durations end in Ms; every field says its default. */
import type { TopicProfileSpec } from '../twin/index.ts';

export type StackMode = 'auto' | 'containers' | 'local' | 'external';
export type ResolvedMode = Exclude<StackMode, 'auto'>;

export interface BrokerUser {
  username: string;
  password: string;
}

export interface BrokerTlsOptions {
  /** PEM files on this machine; they are copied into the container in containers mode. */
  certFile: string;
  keyFile: string;
  /** CA that signs client certificates; needed with requireClientCert. */
  caFile?: string;
  /** TLS listener port; default: a free port. */
  port?: number;
  /**
   * Mutual TLS: clients must present a certificate signed by caFile, and the certificate's common name
   * is their user name (`use_identity_as_username`: no password, the ACL applies to the CN). Default false.
   */
  requireClientCert?: boolean;
}

/**
 * Per-device broker credentials: user name = device id, password = runtime's
 * `devicePassword(secret, id)`; anonymous clients are refused and an ACL lets each device publish and
 * subscribe only under its own topics and shadow (stack/broker/device-acl.ts).
 */
export interface DeviceAuthOptions {
  /** The secret device passwords derive from (runtime's `newDeviceSecret()`). */
  secret: string;
  /** Devices given a password now; `StartedStack.addDevices()` adds more to a running broker. Default none. */
  deviceIds?: readonly string[];
  /** The platform's broker user (its password derives from the secret too). Default 'twinbench-platform'. */
  platformUser?: string;
  /** Topic profiles whose `{id}` patterns become ACL rules. Default: the builtin profiles. */
  profiles?: readonly TopicProfileSpec[];
  /**
   * Also count publishes the ACL denied. Mosquitto logs them only at debug level, which writes a log
   * line for every packet: fine for tests and demos, a cost at 10,000 devices. Default false
   * (refused connections are always counted).
   */
  countDeniedPublishes?: boolean;
}

export interface BrokerOptions {
  /** Plain MQTT listener port; default (0 or unset): a free port on 127.0.0.1. */
  port?: number;
  /** With users, anonymous access is off and a password file is written. Default: anonymous allowed. */
  users?: BrokerUser[];
  /** Lines of a Mosquitto ACL file (`user NAME`, `topic readwrite x/#`, `pattern readwrite devices/%c/#`). */
  acl?: string[];
  tls?: BrokerTlsOptions;
  /** Per-device credentials and ACL (see DeviceAuthOptions). Default: none (anonymous unless `users`). */
  deviceAuth?: DeviceAuthOptions;
  /**
   * Address the listeners bind. Default 127.0.0.1. Anything else opens the broker to a network:
   * startStack refuses that unless clients must authenticate (users, deviceAuth or mutual TLS).
   */
  bindAddress?: string;
  /**
   * Keep retained messages and QoS 1/2 sessions across a broker restart (saved every second and on a
   * clean stop). Default true; false trades that for a little less disk I/O.
   */
  persistence?: boolean;
  /** Extra mosquitto.conf lines, appended as given. */
  extraConfig?: string[];
}

export interface InfluxOptions {
  /** HTTP port; default: a free port on 127.0.0.1. */
  port?: number;
  /** Database created at start. Default 'twinbench'. */
  database?: string;
  /** Turns HTTP auth on and creates this admin user. Default: no auth. */
  auth?: { username: string; password: string };
}

export interface ContainerModeOptions {
  /** Default: eclipse-mosquitto:2, or twinbench/mosquitto:2.0 when only that one is present locally. */
  mosquittoImage?: string;
  /** Default: influxdb:1.8, or twinbench/influxdb:1.6 when only that one is present locally. */
  influxImage?: string;
  /** 'bridge' maps ports (Docker Desktop, CI with a registry); 'host' binds 127.0.0.1 ports we choose.
   *  Default 'auto': host when the engine has no bridge network. */
  network?: 'auto' | 'bridge' | 'host';
  /** Testcontainers' Ryuk reaper. Default 'auto': on only when its image is present locally (it cannot
   *  be pulled without a registry); twinbench cleans up its own containers either way. */
  reaper?: 'auto' | 'on' | 'off';
}

export interface ExternalModeOptions {
  mqttUrl: string;
  mqttUsername?: string;
  mqttPassword?: string;
  influxUrl: string;
  influxDatabase?: string;
  influxAuth?: { username: string; password: string };
}

/**
 * The stack's security in one place (what the CLI's --device-auth, --tls, --mtls and --listen set):
 * resolved at start into broker options from the CA folder (stack/pki). Default: none of it.
 */
export interface StackSecurityOptions {
  /** Folder of the CA, server certificate, device secret and registered boards. Default .twinbench/pki. */
  pkiDir?: string;
  /** Per-device broker credentials derived from the folder's device secret, and the device ACL. */
  deviceAuth?: boolean;
  /** Devices given credentials from the start (besides the folder's registered boards). */
  deviceIds?: readonly string[];
  /** A TLS listener with the folder's server certificate; the platform serves HTTPS with it. */
  tls?: boolean;
  /** Devices must present a certificate from the folder's CA (implies tls and deviceAuth). */
  mutualTls?: boolean;
  /**
   * Address the broker (its TLS listener when tls) and the platform's API listen on, e.g. 0.0.0.0 for
   * the local network. Refused unless devices must authenticate. Default 127.0.0.1.
   */
  listen?: string;
  /** Count publishes the ACL denies (DeviceAuthOptions.countDeniedPublishes). Default false. */
  countDeniedPublishes?: boolean;
}

export interface StackOptions {
  /** Default 'auto': containers if an engine answers, else local binaries, else an error saying how to get either. */
  mode?: StackMode;
  broker?: BrokerOptions;
  /** Device credentials, TLS and reach from a CA folder (see StackSecurityOptions). */
  security?: StackSecurityOptions;
  influx?: InfluxOptions;
  containers?: ContainerModeOptions;
  external?: ExternalModeOptions;
  /** How long each service may take to become ready. Default 60 000 ms. */
  startupTimeoutMs?: number;
  /** Fail instead of picking another port when a requested port is taken. Default false. */
  strictPorts?: boolean;
  /** Progress lines ("starting mosquitto…"); default: silent. */
  onProgress?: (message: string) => void;
}

export const STACK_DEFAULTS = {
  database: 'twinbench',
  startupTimeoutMs: 60_000,
  officialMosquittoImage: 'eclipse-mosquitto:2',
  officialInfluxImage: 'influxdb:1.8',
  localMosquittoImage: 'twinbench/mosquitto:2.0',
  localInfluxImage: 'twinbench/influxdb:1.6',
} as const;

/** Reads TWINBENCH_* environment variables into options (explicit options win). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): StackOptions {
  const containers: ContainerModeOptions = {};
  if (env.TWINBENCH_MOSQUITTO_IMAGE) containers.mosquittoImage = env.TWINBENCH_MOSQUITTO_IMAGE;
  if (env.TWINBENCH_INFLUX_IMAGE) containers.influxImage = env.TWINBENCH_INFLUX_IMAGE;
  const net = env.TWINBENCH_CONTAINER_NETWORK;
  if (net === 'host' || net === 'bridge' || net === 'auto') containers.network = net;
  const mode = env.TWINBENCH_STACK;
  const out: StackOptions = { containers };
  if (mode === 'auto' || mode === 'containers' || mode === 'local' || mode === 'external') out.mode = mode;
  if (env.TWINBENCH_MQTT_URL && env.TWINBENCH_INFLUX_URL) {
    out.external = { mqttUrl: env.TWINBENCH_MQTT_URL, influxUrl: env.TWINBENCH_INFLUX_URL };
    if (env.TWINBENCH_INFLUX_DB) out.external.influxDatabase = env.TWINBENCH_INFLUX_DB;
  }
  return out;
}
