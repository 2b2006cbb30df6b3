import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { TwinStore } from '../twins/twin-store.ts';

/** How often liveness is swept (heartbeat timeouts) and the device gauges refreshed. */
export const SWEEP_INTERVAL_MS = 250;
/** A sweep later than this means a blocked event loop: the rest of the gap is not devices' silence. */
const MAX_SWEEP_GAP_MS = 4 * SWEEP_INTERVAL_MS;
/** Share of the broker's in-flight limit owed from which it is taken to hold messages back. */
const HELD_BACK_SHARE = 0.9;

/**
 * Whether the broker can deliver to the platform now: its session is up, and it does not owe so many
 * acknowledgements (messages waiting for InfluxDB) that the broker stops sending.
 */
function hearing(app: FastifyInstance): { listening: boolean; why?: string } {
  if (!app.hasDecorator('mqtt')) return { listening: true };
  if (!app.mqtt.connected) return { listening: false, why: 'its broker session is down' };
  const { unacknowledged: owed = 0, receiveMaximum = Infinity } = app.mqtt;
  return owed < Math.floor(receiveMaximum * HELD_BACK_SHARE)
    ? { listening: true }
    : { listening: false, why: `it owes the broker ${owed} acknowledgements (history is behind)` };
}

/** Decorates `twins`: registry, shadows, liveness and latest telemetry; sweeps liveness until closed. */
export const twinsPlugin = fp(
  async (app) => {
    const { settings, metrics } = app;
    const twins = new TwinStore({ now: settings.now, heartbeatTimeoutMs: settings.heartbeatTimeoutMs });
    app.decorate('twins', twins);
    let deafSince: number | undefined;
    let heard = false;
    const tick = setInterval(() => {
      const { listening, why } = hearing(app);
      // Said once a spell (not before the first connection): heartbeat timeouts wait meanwhile.
      heard ||= listening && app.hasDecorator('mqtt') && app.mqtt.connected;
      if (!listening && deafSince === undefined && heard) {
        deafSince = settings.now();
        app.log.warn(`liveness: the platform cannot hear its devices (${why}); heartbeat timeouts wait`);
      } else if (listening && deafSince !== undefined) {
        app.log.warn(`liveness: hearing devices again after ${settings.now() - deafSince} ms`);
        deafSince = undefined;
      }
      twins.liveness.sweep({ listening, maxGapMs: MAX_SWEEP_GAP_MS });
      const { online, offline } = twins.liveness.counts();
      metrics.devices.set({ state: 'online' }, online);
      metrics.devices.set({ state: 'offline' }, offline);
    }, SWEEP_INTERVAL_MS);
    tick.unref();
    app.addHook('onClose', async () => clearInterval(tick));
  },
  { name: 'tb-twins', dependencies: ['tb-metrics'] },
);
