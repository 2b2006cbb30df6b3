import type { BrokerOptions, ContainerModeOptions, ExternalModeOptions } from '../options.ts';
import type { BrokerAudit } from '../broker/broker-audit.ts';
import type { ServiceHandle } from '../service.ts';

/** StackOptions with defaults applied, as every mode receives them. */
export interface ResolvedOptions {
  broker: BrokerOptions;
  influx: { port?: number; database: string; auth?: { username: string; password: string } };
  containers: ContainerModeOptions;
  external?: ExternalModeOptions;
  startupTimeoutMs: number;
  strictPorts: boolean;
  onProgress: (message: string) => void;
}

/** What a mode hands back to startStack. */
export interface ModeResult {
  mqtt: { url: string; tlsUrl?: string; host: string; port: number };
  influxUrl: string;
  /** Refusals and denials read from the broker's log (empty for an external broker). */
  brokerAudit?: BrokerAudit;
  /** Rewrites broker files (passwd, acl) and has the broker reread them; absent for an external broker. */
  reloadBroker?: (files: Record<string, string>) => Promise<void>;
  services: ServiceHandle[];
  /** Stops every service and removes what the mode created. */
  cleanup: () => Promise<void>;
}
