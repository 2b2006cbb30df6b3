import { devicePassword } from '../../runtime/index.ts';
import type { BrokerOptions, BrokerUser, DeviceAuthOptions } from '../options.ts';

export const DEFAULT_PLATFORM_USER = 'twinbench-platform';

/** The platform's identity under device auth (its password derives from the secret, like a device's). */
export function platformLogin(auth: DeviceAuthOptions): BrokerUser {
  const username = auth.platformUser ?? DEFAULT_PLATFORM_USER;
  // '#' cannot be in a device id, so no device derives the platform's password.
  return { username, password: devicePassword(auth.secret, `${username}#platform`) };
}

/** The user the stack itself (readiness probes) and the platform log in as: the first user, else the platform's identity. */
export function brokerLogin(broker: BrokerOptions): Partial<BrokerUser> {
  const first = broker.users?.[0];
  if (first) return first;
  return broker.deviceAuth ? platformLogin(broker.deviceAuth) : {};
}

/** The password-file entries of the devices (user name = device id). */
export function deviceUsers(auth: DeviceAuthOptions, ids: readonly string[]): BrokerUser[] {
  const platform = auth.platformUser ?? DEFAULT_PLATFORM_USER;
  return ids.map((id) => {
    if (id === platform)
      throw new Error(`Device id "${id}" is the platform's broker user; give the device another id.`);
    return { username: id, password: devicePassword(auth.secret, id) };
  });
}
