import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { BrokerUser } from '../options.ts';

/**
 * How a password is hashed in the file. Both are formats Mosquitto 2.x reads:
 * - 'pbkdf2' ($7$, PBKDF2-SHA512, 101 iterations, 12-byte salt): what `mosquitto_passwd` writes; for
 *   passwords people choose, where stretching slows down guessing.
 * - 'sha512' ($6$, salted SHA-512): for derived device passwords (256 random bits each), where
 *   stretching adds nothing and 10,000 devices must be written in milliseconds, not a second.
 */
export type PasswordHash = 'pbkdf2' | 'sha512';

function checkName(username: string): void {
  if (username.includes(':'))
    throw new Error(`Broker user name "${username}" contains ':'; choose one without it.`);
  if (/[\n\r]/.test(username))
    throw new Error(`Broker user name ${JSON.stringify(username)} has a line break.`);
}

/**
 * One line of a Mosquitto 2.x password file. Written here so containers mode needs no mosquitto_passwd
 * binary on the host; the integration tests log in with it against a real broker.
 */
export function passwordLine(
  user: BrokerUser,
  salt: Buffer = randomBytes(12),
  hash: PasswordHash = 'pbkdf2',
): string {
  checkName(user.username);
  if (hash === 'sha512') {
    // Mosquitto's $6$: SHA-512 over password then salt.
    const digest = createHash('sha512').update(user.password).update(salt).digest('base64');
    return `${user.username}:$6$${salt.toString('base64')}$${digest}`;
  }
  const iterations = 101;
  const digest = pbkdf2Sync(user.password, salt, iterations, 64, 'sha512');
  return `${user.username}:$7$${iterations}$${salt.toString('base64')}$${digest.toString('base64')}`;
}

/** The whole file: people's users stretched (pbkdf2), derived device users fast (sha512). */
export function passwordFile(users: readonly BrokerUser[], devices: readonly BrokerUser[] = []): string {
  const salts = randomBytes(12 * devices.length);
  const lines = users.map((u) => passwordLine(u));
  devices.forEach((d, i) => lines.push(passwordLine(d, salts.subarray(12 * i, 12 * i + 12), 'sha512')));
  return lines.join('\n') + '\n';
}
