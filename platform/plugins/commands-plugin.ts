import fp from 'fastify-plugin';
import { CommandService } from '../commands/command-service.ts';
import { restoreCommands } from '../history/restore-commands.ts';
import { SWEEP_INTERVAL_MS } from './twins-plugin.ts';

/**
 * Decorates `commands`: send (checked, QoS 1 on the device's profile) and track; sweeps timeouts until
 * closed. Unless `restore: false`, the commands in flight when the platform stopped are taken back from
 * history first, with their deadlines.
 */
export const commandsPlugin = fp(
  async (app) => {
    const { settings, twins, mqtt, metrics, profiles, history, log } = app;
    const commands = new CommandService({
      registry: twins.registry,
      bus: twins.bus,
      profiles,
      publish: (topic, payload, qos) => mqtt.publish(topic, payload, qos),
      now: settings.now,
      defaultTimeoutMs: settings.commandTimeoutMs,
      maxInFlightPerDevice: settings.maxCommandsInFlight,
    });
    app.decorate('commands', commands);
    if (settings.restore) {
      const restored = await restoreCommands(commands.tracker, history.port);
      if (history.restoreReport) history.restoreReport.commands = restored;
      log.info({ commands: restored }, 'commands in flight restored from history');
    }
    const off = twins.bus.on((c) => {
      if (c.kind === 'command') metrics.commands.inc({ status: c.command.status });
    });
    const tick = setInterval(() => commands.tracker.sweep(), SWEEP_INTERVAL_MS);
    tick.unref();
    app.addHook('onClose', async () => {
      clearInterval(tick);
      off();
    });
  },
  { name: 'tb-commands', dependencies: ['tb-metrics', 'tb-twins', 'tb-history', 'tb-mqtt'] },
);
