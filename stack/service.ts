import type { ServiceInfo } from './info.ts';

/** One running service of a stack (a process, a container, or an external endpoint). */
export interface ServiceHandle {
  readonly info: ServiceInfo;
  /** Last lines the service printed (empty for external services). */
  logs(): string[];
  /** Stops the service and releases what it held (temp dirs, containers). Safe to call twice. */
  stop(): Promise<void>;
  /** Stops and starts again on the same ports and data (scenarios restart brokers mid-run). */
  restart(): Promise<void>;
}
