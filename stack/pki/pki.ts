/**
 * The stack's own small CA, in a folder the user can hand to real boards: `ca.crt` (what boards and
 * browsers trust), the broker's and the platform's server certificate, per-device client certificates,
 * and the secret device passwords derive from. Written with the openssl CLI (key generation and X.509
 * signing are not in node:crypto); EC P-256 keys, which ESP32's mbedTLS handles.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { devicePassword, newDeviceSecret } from '../../runtime/index.ts';
import { isValidDeviceId } from '../../twin/index.ts';
import { findBinary } from '../binaries.ts';
import { STACK_ERROR_CODES, StackError } from '../errors.ts';

const run = promisify(execFile);

/** Where `twinbench` keeps it unless told otherwise (beside .twinbench/stack.json; git-ignored). */
export const DEFAULT_PKI_DIR = '.twinbench/pki';
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface Pki {
  dir: string;
  caFile: string;
  /** Server certificate and key of the broker's TLS listener and the platform's HTTPS. */
  serverCertFile: string;
  serverKeyFile: string;
  /** The secret device passwords derive from (runtime's devicePassword). */
  deviceSecret: string;
}

export interface DeviceCredentials {
  id: string;
  /** Broker user name (= id) and derived password. */
  username: string;
  password: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

async function openssl(args: string[]): Promise<void> {
  const bin = findBinary('openssl');
  if (!bin) {
    throw new StackError(
      STACK_ERROR_CODES.BINARY_MISSING,
      'TLS needs the openssl command to create the CA and certificates. Install it (Debian/Ubuntu: sudo apt-get install openssl).',
    );
  }
  try {
    await run(bin, args);
  } catch (cause) {
    throw new StackError(
      STACK_ERROR_CODES.BAD_OPTIONS,
      `openssl ${args[0]} failed: ${((cause as { stderr?: string }).stderr ?? String(cause)).trim().split('\n')[0]}`,
      { cause },
    );
  }
}

/** subjectAltName for the names and addresses a server certificate must cover. */
function san(hosts: readonly string[]): string {
  const entries = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`));
  return `subjectAltName=${[...new Set(entries)].join(',')}`;
}

/**
 * Creates what is missing in `dir` (CA, device secret, server certificate) and returns the paths. The
 * server certificate covers 127.0.0.1, ::1, localhost and `hosts`; it is issued again when `hosts`
 * adds a name it lacks. The CA and the secret are kept: boards given credentials keep working.
 */
export async function ensurePki(dir: string = DEFAULT_PKI_DIR, hosts: readonly string[] = []): Promise<Pki> {
  await mkdir(path.join(dir, 'devices'), { recursive: true, mode: 0o700 });
  const caFile = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  if (!existsSync(caFile) || !existsSync(caKey)) {
    await openssl([
      'req', '-x509', ...EC, '-days', '3650', '-subj', '/CN=twinbench CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout', caKey, '-out', caFile,
    ]); // prettier-ignore
    await chmod(caKey, 0o600);
  }
  const secretFile = path.join(dir, 'device-secret');
  if (!existsSync(secretFile)) await writeFile(secretFile, newDeviceSecret() + '\n', { mode: 0o600 });
  const deviceSecret = (await readFile(secretFile, 'utf8')).trim();
  const serverCertFile = path.join(dir, 'server.crt');
  const serverKeyFile = path.join(dir, 'server.key');
  const sanFile = path.join(dir, 'server.san');
  const wanted = san(['127.0.0.1', '::1', 'localhost', ...hosts]);
  const had = existsSync(sanFile) ? (await readFile(sanFile, 'utf8')).trim() : '';
  if (!existsSync(serverCertFile) || had !== wanted) {
    await openssl([
      'req', '-x509', '-CA', caFile, '-CAkey', caKey, ...EC, '-days', '825', '-subj', '/CN=twinbench',
      '-addext', wanted, '-addext', 'basicConstraints=CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth',
      '-keyout', serverKeyFile, '-out', serverCertFile,
    ]); // prettier-ignore
    await writeFile(sanFile, wanted + '\n');
  }
  return { dir, caFile, serverCertFile, serverKeyFile, deviceSecret };
}

/**
 * A board's credentials: its derived broker password and a client certificate (CN = id) from the CA,
 * written to `<dir>/devices/<id>.crt|.key` (kept if present). The id is added to `devices.txt`, which a
 * stack started with device auth reads, so the broker knows the board.
 */
export async function issueDevice(pki: Pki, id: string): Promise<DeviceCredentials> {
  if (!isValidDeviceId(id)) {
    throw new StackError(
      STACK_ERROR_CODES.BAD_OPTIONS,
      `"${id}" is not a device id: use 1-128 letters, digits, '_', '.', ':' or '-'.`,
    );
  }
  const base = path.join(pki.dir, 'devices', id.replaceAll(':', '-'));
  const certFile = `${base}.crt`;
  const keyFile = `${base}.key`;
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    await openssl([
      'req', '-x509', '-CA', pki.caFile, '-CAkey', path.join(pki.dir, 'ca.key'), ...EC, '-days', '825',
      '-subj', `/CN=${id}`, '-addext', 'basicConstraints=CA:FALSE', '-addext', 'extendedKeyUsage=clientAuth',
      '-keyout', keyFile, '-out', certFile,
    ]); // prettier-ignore
    await chmod(keyFile, 0o600);
  }
  const known = await registeredDevices(pki.dir);
  if (!known.includes(id)) await appendFile(path.join(pki.dir, 'devices.txt'), `${id}\n`);
  return {
    id,
    username: id,
    password: devicePassword(pki.deviceSecret, id),
    caFile: pki.caFile,
    certFile,
    keyFile,
  };
}

/** Ids given credentials with issueDevice (real boards), one per line of devices.txt. */
export async function registeredDevices(dir: string = DEFAULT_PKI_DIR): Promise<string[]> {
  const file = path.join(dir, 'devices.txt');
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
