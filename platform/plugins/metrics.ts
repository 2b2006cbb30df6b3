import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The platform's Prometheus metrics, in a registry of its own (several platforms can share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'twinbench_process_' });
  const messagesIn = new Counter({
    name: 'twinbench_messages_in_total',
    help: 'MQTT messages received, by topic kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'twinbench_messages_rejected_total',
    help: 'Messages and requests rejected, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const ingestLatency = new Histogram({
    name: 'twinbench_ingest_to_twin_seconds',
    help: 'From MQTT message arrival to the twin updated',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  const publishLatency = new Histogram({
    name: 'twinbench_publish_to_twin_seconds',
    help: "From the device's send time (payload 'sent') to the twin updated",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const batchLines = new Histogram({
    name: 'twinbench_history_batch_lines',
    help: 'Lines per InfluxDB write',
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'twinbench_history_queue_lines',
    help: 'Lines waiting to be written to InfluxDB',
    registers: [registry],
  });
  const influxErrors = new Counter({
    name: 'twinbench_influx_errors_total',
    help: 'Failed InfluxDB requests',
    labelNames: ['op'] as const,
    registers: [registry],
  });
  const historyDropped = new Counter({
    name: 'twinbench_history_dropped_lines_total',
    help: 'Lines InfluxDB refused or the bounded queue dropped',
    registers: [registry],
  });
  const devices = new Gauge({
    name: 'twinbench_devices',
    help: 'Registered devices by liveness',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const commands = new Counter({
    name: 'twinbench_commands_total',
    help: 'Command status transitions',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const backpressure = new Counter({
    name: 'twinbench_backpressure_waits_total',
    help: 'Times ingest held MQTT acks because the history queue was above its high-water mark',
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'twinbench_messages_duplicate_total',
    help: 'Device messages the broker delivered again after a crash that were stored already, so not applied again',
    registers: [registry],
  });
  const wsClients = new Gauge({
    name: 'twinbench_ws_clients',
    help: 'Connected WebSocket stream clients',
    registers: [registry],
  });
  return {
    registry,
    messagesIn,
    rejected,
    ingestLatency,
    publishLatency,
    batchLines,
    queueDepth,
    influxErrors,
    historyDropped,
    devices,
    commands,
    backpressure,
    duplicates,
    wsClients,
  };
}

export type PlatformMetrics = ReturnType<typeof createMetrics>;
