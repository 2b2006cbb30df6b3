import fp from 'fastify-plugin';
import { SHADOW_REQUEST_FILTERS, TB_PREFIX, type TopicProfile } from '../../twin/index.ts';
import { DeviceLimits } from '../ingest/device-limits.ts';
import { Ingest } from '../ingest/ingest.ts';
import { MessageMarks } from '../history/message-marks.ts';
import { registerMetadataRoute } from '../ingest/metadata-route.ts';

/** One filter per kind and profile; the twinbench namespace as a whole, so unknown kinds there are seen and counted. */
export function subscriptionFilters(profiles: readonly TopicProfile[]): string[] {
  const out = new Set<string>(SHADOW_REQUEST_FILTERS);
  for (const p of profiles) {
    if (p.name === 'twinbench') out.add(`${TB_PREFIX}/#`);
    else for (const f of p.subscriptions()) out.add(f);
  }
  return [...out];
}

/**
 * Turns device messages into twin changes and starts the broker session (last: twins are restored
 * and every consumer is in place before the first message). A QoS 1 message is acknowledged once its
 * history lines are written (so a crash loses nothing the broker let go of).
 */
export const ingestPlugin = fp(
  async (app) => {
    const { settings, twins, commands, profiles, shadows, rejections, metrics, log, mqtt, history } = app;
    const ingest = new Ingest({
      store: twins,
      commands: commands.tracker,
      profiles,
      shadows,
      rejections,
      metrics,
      log,
      registration: settings.registration,
      maxPayloadBytes: settings.maxPayloadBytes,
      maxJsonDepth: settings.maxJsonDepth,
      maxDevices: settings.maxDevices,
      publish: (topic, payload) => mqtt.publish(topic, payload, 0),
      ...(app.hasDecorator('gateways') ? { gateways: app.gateways } : {}),
      limits: new DeviceLimits({ ...settings.deviceLimits, maxPayloadBytes: settings.maxPayloadBytes }),
    });
    registerMetadataRoute(app, twins.registry, ingest.mapping.metadata);
    const { writer, marks } = history;
    const { now } = settings;
    // Acknowledged means stored: a message's acknowledgement waits until every history line pushed so
    // far (its own among them) is in InfluxDB. The broker stops sending at the session's in-flight
    // limit, which is the backpressure while InfluxDB is slow or down.
    await mqtt.start(subscriptionFilters(profiles), (topic, payload, redelivered, packetId) => {
      // A message the broker delivers again after a crash is applied only if what it made was not
      // stored before (the mark on its points, message-marks.ts); a copy is only acknowledged.
      if (redelivered && marks.applied(MessageMarks.of(topic, payload, packetId))) {
        metrics.duplicates.inc();
        return writer.whenDurable();
      }
      marks.begin(topic, payload, packetId);
      try {
        ingest.handle(topic, payload, now());
      } finally {
        marks.end();
      }
      const durable = writer.whenDurable();
      if (durable && writer.saturated) metrics.backpressure.inc();
      return durable;
    });
  },
  {
    name: 'tb-ingest',
    dependencies: ['tb-metrics', 'tb-twins', 'tb-history', 'tb-mqtt', 'tb-shadows', 'tb-commands'],
  },
);
