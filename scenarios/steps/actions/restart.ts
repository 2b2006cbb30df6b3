import Type, { type Static } from 'typebox';
import { formatDuration } from '../../../twin/index.ts';
import { Duration } from '../../format/schema/common.ts';
import type { ActionModule } from '../types.ts';

const Service = Type.Union([Type.Literal('broker'), Type.Literal('influxdb'), Type.Literal('platform')], {
  description: 'broker, influxdb or platform',
});

export const StopHow = Type.Union([Type.Literal('stop'), Type.Literal('kill')], {
  description: 'stop (SIGTERM, the platform flushes) or kill (SIGKILL, a crash)',
});

export const RestartSchema = Type.Union(
  [
    Service,
    Type.Object(
      { service: Service, how: Type.Optional(StopHow), down_for: Type.Optional(Duration) },
      { additionalProperties: false },
    ),
  ],
  { description: 'broker, influxdb, platform, or {service, how, down_for}' },
);

export type RestartSpec = Static<typeof RestartSchema>;

const serviceOf = (spec: RestartSpec) => (typeof spec === 'string' ? spec : spec.service);

/** `restart: broker | influxdb | platform` or `{ service, how, down_for }`. */
export const restartAction: ActionModule<RestartSpec> = {
  key: 'restart',
  schema: RestartSchema,
  label: (spec) =>
    typeof spec === 'string'
      ? `restart ${spec}`
      : `restart ${spec.service}${spec.how ? ` (${spec.how})` : ''}`,
  exclusive: (spec) => serviceOf(spec) !== 'platform',
  compile(spec, ctx) {
    const o = typeof spec === 'string' ? { service: spec } : spec;
    const downForMs =
      'down_for' in o && o.down_for !== undefined ? ctx.durationMs(o.down_for, '/down_for') : undefined;
    const how = ('how' in o ? o.how : undefined) ?? 'stop';
    return {
      async run(run) {
        const started = run.clock.now();
        if (o.service === 'platform') {
          await run.platform.stop(how);
          if (downForMs !== undefined) await run.clock.sleep(downForMs, run.signal);
          await run.platform.start();
          return `platform restarted (${how}) in ${formatDuration(run.clock.now() - started)}`;
        }
        await run.services.restart(o.service);
        return `${o.service} restarted in ${formatDuration(run.clock.now() - started)}`;
      },
    };
  },
};
