import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type { BrokerUser } from '../options.ts';

/**
 * One line of a Mosquitto 2.x password file, hashed the way `mosquitto_passwd` does
 * ($7$ = PBKDF2-SHA512, 101 iterations, 12-byte salt). Written here so containers mode needs no
 * mosquitto_passwd binary on the host; the integration tests log in with it against a real broker.
 */
export function passwordLine(user: BrokerUser, salt: Buffer = randomBytes(12)): string {
  if (user.username.includes(':'))
    throw new Error(`Broker user name "${user.username}" contains ':'; choose one without it.`);
  const iterations = 101;
  const hash = pbkdf2Sync(user.password, salt, iterations, 64, 'sha512');
  return `${user.username}:$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function passwordFile(users: readonly BrokerUser[]): string {
  return users.map((u) => passwordLine(u)).join('\n') + '\n';
}
