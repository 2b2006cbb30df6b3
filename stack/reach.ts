import type { BrokerOptions } from './options.ts';
import { STACK_ERROR_CODES, StackError } from './errors.ts';
import { LOOPBACK } from './ports.ts';

/** True for addresses only this machine reaches: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1' || address === 'localhost';
}

/** Whether every client of this broker must authenticate (a password, or a client certificate). */
export function brokerRequiresAuth(b: BrokerOptions): boolean {
  return (b.users?.length ?? 0) > 0 || b.deviceAuth !== undefined || b.tls?.requireClientCert === true;
}

/**
 * Refuses a broker open to a network with anonymous access: on a venue's Wi-Fi anyone could publish as
 * any device. Loopback (the default) stays open for local runs.
 */
export function checkReach(b: BrokerOptions): void {
  const bind = b.bindAddress;
  if (bind === undefined || isLoopback(bind)) return;
  if (!brokerRequiresAuth(b)) {
    throw new StackError(
      STACK_ERROR_CODES.BAD_OPTIONS,
      `The broker would listen on ${bind} with anonymous access: anyone on that network could publish as any device. Turn device credentials on (twinbench: --device-auth, or --mtls; API: broker.deviceAuth or broker.users), or keep the default 127.0.0.1.`,
    );
  }
}

/** Where this machine's clients reach a listener bound to `bind` (loopback when it binds every address). */
export function connectHost(bind: string): string {
  return bind === '0.0.0.0' || bind === '::' || bind === '' ? LOOPBACK : bind;
}
