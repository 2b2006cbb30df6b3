import type { BrokerOptions } from '../options.ts';
import { passwordFile } from './password-file.ts';

/** Paths as seen by the broker process (host paths in local mode, container paths in containers mode). */
export interface BrokerPaths {
  dir: string;
  dataDir: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
}

export interface RenderedBrokerConfig {
  /** File name (relative to BrokerPaths.dir) → content. mosquitto.conf is always there. */
  files: Record<string, string>;
}

export interface BrokerListen {
  bindAddress: string;
  port: number;
  tlsPort?: number;
}

/** Renders mosquitto.conf (plus passwd / acl files) for a plain listener, optional TLS, auth and ACL. */
export function renderMosquittoConfig(
  options: BrokerOptions,
  listen: BrokerListen,
  paths: BrokerPaths,
  extra: { runAsRoot?: boolean } = {},
): RenderedBrokerConfig {
  const files: Record<string, string> = {};
  const lines = [
    '# written by twinbench',
    'per_listener_settings false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection_messages false',
    'log_timestamp_format %Y-%m-%dT%H:%M:%S',
    'max_packet_size 1048576',
    // A slow subscriber (the platform under overload) gets a deep queue before QoS 1 messages are dropped.
    'max_queued_messages 1000000',
    'sys_interval 10',
    `listener ${listen.port} ${listen.bindAddress}`,
  ];
  if (extra.runAsRoot) lines.push('user root');
  if (options.tls) {
    if (listen.tlsPort === undefined) throw new Error('a TLS listener needs a port');
    lines.push(`listener ${listen.tlsPort} ${listen.bindAddress}`);
    lines.push(`certfile ${paths.certFile}`, `keyfile ${paths.keyFile}`);
    if (paths.caFile) lines.push(`cafile ${paths.caFile}`);
    if (options.tls.requireClientCert) lines.push('require_certificate true');
  }
  const users = options.users ?? [];
  if (users.length > 0) {
    files.passwd = passwordFile(users);
    lines.push('allow_anonymous false', `password_file ${paths.dir}/passwd`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.acl && options.acl.length > 0) {
    files.acl = options.acl.join('\n') + '\n';
    lines.push(`acl_file ${paths.dir}/acl`);
  }
  // On unless asked off: a broker restart must not lose what it acknowledged (QoS 1 sessions, retained).
  if (options.persistence !== false) {
    lines.push('persistence true', `persistence_location ${paths.dataDir}/`, 'autosave_interval 1');
  } else {
    lines.push('persistence false');
  }
  lines.push(...(options.extraConfig ?? []));
  files['mosquitto.conf'] = lines.join('\n') + '\n';
  return { files };
}
