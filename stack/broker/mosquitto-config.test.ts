import { describe, expect, it } from 'vitest';
import { renderMosquittoConfig } from './mosquitto-config.ts';
import { passwordLine } from './password-file.ts';

const paths = { dir: '/cfg', dataDir: '/data' };
const listen = { bindAddress: '127.0.0.1', port: 1883 };

describe('mosquitto config', () => {
  it('allows anonymous clients on a plain listener by default, with persistence', () => {
    const conf = renderMosquittoConfig({}, listen, paths).files['mosquitto.conf'];
    expect(conf).toContain('listener 1883 127.0.0.1');
    expect(conf).toContain('allow_anonymous true');
    expect(conf).toContain('persistence true');
    expect(conf).toContain('autosave_interval 1');
    expect(conf).toContain('max_inflight_messages 1000');
    expect(conf).toContain('connection_messages false');
    expect(conf).not.toContain('password_file');
  });

  it('turns persistence off only when asked', () => {
    const conf = renderMosquittoConfig({ persistence: false }, listen, paths).files['mosquitto.conf'];
    expect(conf).toContain('persistence false');
    expect(conf).not.toContain('persistence_location');
  });

  it('writes a password file and an ACL file when users and rules are given', () => {
    const { files } = renderMosquittoConfig(
      {
        users: [{ username: 'dev', password: 'pw' }],
        acl: ['pattern readwrite devices/%c/#'],
        persistence: true,
      },
      listen,
      paths,
    );
    expect(files['mosquitto.conf']).toContain('allow_anonymous false');
    expect(files['mosquitto.conf']).toContain('password_file /cfg/passwd');
    expect(files['mosquitto.conf']).toContain('acl_file /cfg/acl');
    expect(files['mosquitto.conf']).toContain('persistence_location /data/');
    expect(files.passwd).toMatch(/^dev:\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}\n$/);
    expect(files.acl).toBe('pattern readwrite devices/%c/#\n');
  });

  it('adds a TLS listener with its files', () => {
    const conf = renderMosquittoConfig(
      { tls: { certFile: 'x', keyFile: 'y', requireClientCert: true } },
      { ...listen, tlsPort: 8883 },
      { ...paths, certFile: '/cfg/s.crt', keyFile: '/cfg/s.key', caFile: '/cfg/ca.crt' },
    ).files['mosquitto.conf'];
    expect(conf).toContain('listener 8883 127.0.0.1');
    expect(conf).toContain('certfile /cfg/s.crt');
    expect(conf).toContain('require_certificate true');
  });

  it('hashes passwords as mosquitto_passwd does (PBKDF2-SHA512, 101 rounds)', () => {
    const salt = Buffer.alloc(12, 1);
    expect(passwordLine({ username: 'u', password: 'p' }, salt)).toBe(
      passwordLine({ username: 'u', password: 'p' }, salt),
    );
    expect(() => passwordLine({ username: 'a:b', password: 'p' })).toThrow(/contains ':'/);
  });
});

describe('device auth', () => {
  const deviceAuth = { secret: 's', deviceIds: ['brk-0001', 'env-0001'] };

  it('puts the platform first, then each device with a fast salted SHA-512 hash', () => {
    const { files } = renderMosquittoConfig({ deviceAuth }, listen, paths);
    const lines = (files.passwd as string).trim().split('\n');
    expect(lines[0]).toMatch(/^twinbench-platform:\$7\$101\$/);
    expect(lines[1]).toMatch(/^brk-0001:\$6\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
    expect(lines).toHaveLength(3);
    expect(files['mosquitto.conf']).toContain('allow_anonymous false');
    expect(files['mosquitto.conf']).toContain('connection_messages true');
    expect(files['mosquitto.conf']).not.toContain('log_type debug');
  });

  it('lets devices write their own topics and read their commands, for every builtin profile with ids', () => {
    const { files, aclSkipped } = renderMosquittoConfig({ deviceAuth }, listen, paths);
    const acl = files.acl as string;
    expect(acl).toContain(
      'user twinbench-platform\ntopic readwrite #\ntopic readwrite $aws/#\ntopic read $SYS/#',
    );
    expect(acl).toContain('pattern write tb/v1/%u/telemetry');
    expect(acl).toContain('pattern read tb/v1/%u/commands');
    expect(acl).toContain('pattern write iot/node/%u/command/response');
    expect(acl).toContain('pattern readwrite $aws/things/%u/shadow/#');
    expect(acl).not.toContain('{mac}');
    expect(aclSkipped.join('\n')).toMatch(/devices-mac: devices\/\{mac\}\/data names devices by MAC/);
  });

  it('counts denied publishes only when asked (debug logging costs a line per packet)', () => {
    const conf = renderMosquittoConfig(
      { deviceAuth: { ...deviceAuth, countDeniedPublishes: true } },
      listen,
      paths,
    ).files['mosquitto.conf'];
    expect(conf).toContain('log_type debug');
  });

  it('refuses a device named like the platform', () => {
    expect(() =>
      renderMosquittoConfig(
        { deviceAuth: { secret: 's', deviceIds: ['twinbench-platform'] } },
        listen,
        paths,
      ),
    ).toThrow(/platform's broker user/);
  });

  it('mutual TLS takes the certificate CN as user name', () => {
    const conf = renderMosquittoConfig(
      { tls: { certFile: 'x', keyFile: 'y', requireClientCert: true } },
      { ...listen, tlsPort: 8883 },
      { ...paths, certFile: '/c', keyFile: '/k', caFile: '/ca' },
    ).files['mosquitto.conf'];
    expect(conf).toContain('use_identity_as_username true');
    expect(conf).toContain('use_username_as_clientid true');
    expect(conf).toContain('allow_anonymous false');
  });

  it('writes 10,000 device entries in well under a second', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `env-${i}`);
    const t0 = performance.now();
    const { files } = renderMosquittoConfig({ deviceAuth: { secret: 's', deviceIds: ids } }, listen, paths);
    const ms = performance.now() - t0;
    expect((files.passwd as string).split('\n')).toHaveLength(10_002);
    expect(ms).toBeLessThan(1_000);
  });
});

describe('reach', () => {
  it('puts the TLS listener on the asked address and keeps plain MQTT where it is told', () => {
    const conf = renderMosquittoConfig(
      { tls: { certFile: 'x', keyFile: 'y' }, deviceAuth: { secret: 's' } },
      { bindAddress: '127.0.0.1', port: 1883, tlsPort: 8883, tlsBindAddress: '0.0.0.0' },
      { ...paths, certFile: '/c', keyFile: '/k' },
    ).files['mosquitto.conf'];
    expect(conf).toContain('listener 1883 127.0.0.1\n');
    expect(conf).toContain('listener 8883 0.0.0.0\n');
  });
});
