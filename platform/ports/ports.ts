import type { InfluxSeries } from '../../runtime/index.ts';

/**
 * What the platform needs from a broker. The real one is MQTT.js (`MqttJsPort`); unit tests use
 * `FakeMqttPort`, which delivers messages in and records what the platform publishes.
 */
/** What the platform does with a device message; the acknowledgement waits for the promise it returns. */
export type MessageHandler = (
  topic: string,
  payload: Buffer,
  redelivered: boolean,
  packetId?: number,
) => void | Promise<void>;

export interface MqttPort {
  /**
   * Connects, hands every message to `onMessage` (installed before the session resumes, so nothing
   * queued for a persistent session is missed) and subscribes `filters` with QoS 1, no-local. A QoS 1
   * message is acknowledged to the broker when what it carries is stored: when `onMessage` returns
   * nothing, or once the promise it returns resolves; acknowledgements leave in arrival order, and
   * messages keep coming meanwhile (up to the broker's in-flight limit). `redelivered`: the broker
   * flagged it DUP (it may have been handled before a crash); `packetId`: its MQTT packet id (QoS 1),
   * which a redelivery keeps. Rejects when the first connection fails.
   */
  start(filters: readonly string[], onMessage: MessageHandler): Promise<void>;
  /** Publishes; throws TB_ERR_PLATFORM_BROKER_UNAVAILABLE before `start` or after `close`. */
  publish(topic: string, payload: string, qos: 0 | 1): void;
  readonly connected: boolean;
  /**
   * QoS 1 messages received and not yet acknowledged, and how many the broker may have in flight to
   * the platform at once: near that limit the broker holds messages back. A port without them (the
   * unit tests' fake) never holds messages back.
   */
  readonly unacknowledged?: number;
  readonly receiveMaximum?: number;
  close(): Promise<void>;
}

/**
 * What the platform needs from its history database: the InfluxDB v1 subset (`InfluxClient`
 * implements it). Unit tests use `FakeHistoryPort`.
 */
export interface HistoryPort {
  ping(): Promise<string>;
  createDatabase(db: string): Promise<void>;
  write(lines: readonly string[]): Promise<void>;
  /** One InfluxQL statement; times in epoch ms. */
  query(q: string): Promise<InfluxSeries[]>;
}

/** The ports `buildApp` can be given; each missing one is the real thing built from the options. */
export interface PlatformPorts {
  mqtt?: MqttPort;
  history?: HistoryPort;
}
