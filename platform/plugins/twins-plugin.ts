import fp from 'fastify-plugin';
import { TwinStore } from '../twins/twin-store.ts';

/** How often liveness is swept (heartbeat timeouts) and the device gauges refreshed. */
export const SWEEP_INTERVAL_MS = 250;

/** Decorates `twins`: registry, shadows, liveness and latest telemetry; sweeps liveness until closed. */
export const twinsPlugin = fp(
  async (app) => {
    const { settings, metrics } = app;
    const twins = new TwinStore({ now: settings.now, heartbeatTimeoutMs: settings.heartbeatTimeoutMs });
    app.decorate('twins', twins);
    const tick = setInterval(() => {
      twins.liveness.sweep();
      const { online, offline } = twins.liveness.counts();
      metrics.devices.set({ state: 'online' }, online);
      metrics.devices.set({ state: 'offline' }, offline);
    }, SWEEP_INTERVAL_MS);
    tick.unref();
    app.addHook('onClose', async () => clearInterval(tick));
  },
  { name: 'tb-twins', dependencies: ['tb-metrics'] },
);
