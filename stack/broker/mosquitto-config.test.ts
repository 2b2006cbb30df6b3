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
