// What the platform's plugins decorate the Fastify instance with (see docs/platform.md, "Plugins").
import type { TopicProfile } from '../../twin/index.ts';
import type { AuthService } from '../auth/auth-plugin.ts';
import type { CommandService } from '../commands/command-service.ts';
import type { HistoryService } from './history-plugin.ts';
import type { Rejections } from '../ingest/rejections.ts';
import type { ResolvedOptions } from '../options.ts';
import type { MqttPort } from '../ports/ports.ts';
import type { ShadowGateway } from '../shadows/shadow-gateway.ts';
import type { StreamHub } from '../twins/stream-hub.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import type { PlatformMetrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The options with every default applied (buildApp). */
    settings: ResolvedOptions;
    /** The compiled topic profiles (buildApp). */
    profiles: readonly TopicProfile[];
    /** Prometheus metrics (tb-metrics). */
    metrics: PlatformMetrics;
    /** Counts and logs refused device messages (tb-metrics). */
    rejections: Rejections;
    /** Registry, shadows, liveness, latest telemetry and the change bus (tb-twins). */
    twins: TwinStore;
    /** The history port, its batching writer and what was restored at start (tb-history). */
    history: HistoryService;
    /** The broker session (tb-mqtt). */
    mqtt: MqttPort;
    /** The shadow service over MQTT and REST (tb-shadows). */
    shadows: ShadowGateway;
    /** Commands: send, track (tb-commands). */
    commands: CommandService;
    /** WebSocket fan-out of twin changes (tb-stream). */
    streamHub: StreamHub;
    /** API tokens and roles, or off (tb-auth). */
    auth: AuthService;
  }
}
