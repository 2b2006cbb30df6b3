/** twinbench's own topic convention: `tb/v1/{id}/telemetry|events|status|commands|commands/response`. */
import type { TopicProfileSpec } from './profiles.ts';

export const TB_PREFIX = 'tb/v1';

export const TWINBENCH_PROFILE: Readonly<TopicProfileSpec> = Object.freeze({
  name: 'twinbench',
  telemetry: `${TB_PREFIX}/{id}/telemetry`,
  events: `${TB_PREFIX}/{id}/events`,
  status: `${TB_PREFIX}/{id}/status`,
  command: `${TB_PREFIX}/{id}/commands`,
  commandResponse: `${TB_PREFIX}/{id}/commands/response`,
});
