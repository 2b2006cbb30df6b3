import type { BrokerOptions } from '../options.ts';
import { deviceUsers, platformLogin } from './broker-login.ts';
import { deviceAcl } from './device-acl.ts';
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
  /** Profile patterns the device ACL could not express (see deviceAcl). */
  aclSkipped: string[];
}

export interface BrokerListen {
  bindAddress: string;
  port: number;
  tlsPort?: number;
  /** Address of the TLS listener; default bindAddress. */
  tlsBindAddress?: string;
}

/** Renders mosquitto.conf (plus passwd / acl files) for a plain listener, optional TLS, auth and ACL. */
export function renderMosquittoConfig(
  options: BrokerOptions,
  listen: BrokerListen,
  paths: BrokerPaths,
  extra: { runAsRoot?: boolean } = {},
): RenderedBrokerConfig {
  const files: Record<string, string> = {};
  const auth = options.deviceAuth;
  const people = [...(auth ? [platformLogin(auth)] : []), ...(options.users ?? [])];
  const lines = [
    '# written by twinbench',
    'per_listener_settings false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    // Refused CONNECTs are logged only with connection messages on; the stack counts them (broker-audit.ts).
    `connection_messages ${people.length > 0 || options.tls?.requireClientCert ? 'true' : 'false'}`,
    ...(auth?.countDeniedPublishes ? ['log_type debug'] : []),
    'log_timestamp_format %Y-%m-%dT%H:%M:%S',
    'max_packet_size 1048576',
    // A slow subscriber (the platform under overload) gets a deep queue before QoS 1 messages are dropped.
    // Global, not per user: devices connect with clean sessions and receive little, so only the platform's
    // persistent session ever fills it.
    'max_queued_messages 1000000',
    // QoS 1 messages in flight to one MQTT 3.1.1 client before the broker waits for PUBACKs (default
    // 20). An MQTT 5 client's Receive Maximum replaces it for its session: the platform asks 65,535, as
    // it acknowledges a message only once it is stored (a whole batch is in flight). Global too
    // (per_listener_settings does not split it by user); a device is sent far fewer than that.
    'max_inflight_messages 1000',
    // No Nagle on client sockets: a lone command or response is not held back up to 40 ms.
    'set_tcp_nodelay true',
    'sys_interval 10',
    `listener ${listen.port} ${listen.bindAddress}`,
  ];
  if (extra.runAsRoot) lines.push('user root');
  if (options.tls) {
    if (listen.tlsPort === undefined) throw new Error('a TLS listener needs a port');
    lines.push(`listener ${listen.tlsPort} ${listen.tlsBindAddress ?? listen.bindAddress}`);
    lines.push(`certfile ${paths.certFile}`, `keyfile ${paths.keyFile}`);
    if (paths.caFile) lines.push(`cafile ${paths.caFile}`);
    // Mutual TLS: the certificate's CN is the user name, so the device ACL's %u applies to it.
    if (options.tls.requireClientCert)
      lines.push('require_certificate true', 'use_identity_as_username true');
    // On the listener boards use, a client's id is its user name: nobody can take over another
    // device's session by connecting with its client id. (The plain listener keeps free client ids for
    // the platform's persistent session and tools.)
    if (options.deviceAuth || options.tls.requireClientCert) lines.push('use_username_as_clientid true');
  }
  const devices = auth ? deviceUsers(auth, auth.deviceIds ?? []) : [];
  if (people.length > 0 || auth) {
    files.passwd = passwordFile(people, devices);
    lines.push('allow_anonymous false', `password_file ${paths.dir}/passwd`);
  } else if (options.tls?.requireClientCert) {
    lines.push('allow_anonymous false');
  } else {
    lines.push('allow_anonymous true');
  }
  const acl = auth
    ? deviceAcl({
        platformUser: platformLogin(auth).username,
        ...(auth.profiles ? { profiles: auth.profiles } : {}),
      })
    : undefined;
  const aclLines = [...(options.acl ?? []), ...(acl?.lines ?? [])];
  if (aclLines.length > 0) {
    files.acl = aclLines.join('\n') + '\n';
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
  return { files, aclSkipped: acl?.skipped ?? [] };
}
