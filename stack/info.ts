import type { ResolvedMode } from './options.ts';

/** How to reach the broker and the database of a started stack: what every other part needs. */
export interface StackInfo {
  mode: ResolvedMode;
  /** mqtt://127.0.0.1:PORT (credentials are not in the URL: see mqtt.username). */
  mqttUrl: string;
  /** mqtts://… when a TLS listener was asked for. */
  mqttTlsUrl?: string;
  /**
   * username/password: the stack's own login (the first broker user, else the platform's identity
   * under device auth). deviceSecret: what device passwords derive from (runtime's devicePassword),
   * present under device auth.
   */
  mqtt: { host: string; port: number; username?: string; password?: string; deviceSecret?: string };
  influx: InfluxConnection;
  services: ServiceInfo[];
  /** The CA folder's files when TLS is on: the platform serves HTTPS with certFile/keyFile. */
  tls?: StackTls;
  /** Address asked for with `security.listen`: the platform's API listens there too. */
  listen?: string;
}

export interface StackTls {
  pkiDir: string;
  /** What clients (boards, browsers, curl --cacert) trust. */
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface InfluxConnection {
  url: string;
  db: string;
  auth?: { username: string; password: string };
}

export interface ServiceInfo {
  name: 'mosquitto' | 'influxdb';
  kind: 'container' | 'process' | 'external';
  /** Container id or process id; empty for external services. */
  id: string;
  image?: string;
}
