/**
 * One serial link to a board, whatever carries it: a local port (node `serialport`), RFC 2217 over
 * TCP (ser2net, esptool's `esp_rfc2217_server`, our emulator), or an in-process link to the emulated
 * ESP32. Everything above it (the esptool-js adapter, the console, scenario steps) sees only this.
 * One contract suite runs against every implementation.
 */
export interface SerialLink {
  /** What the link is, for logs, traces and rig identity. */
  readonly info: SerialLinkInfo;
  /** Opens the link at `baudRate` (8N1). Rejects with a message naming the port when it cannot. */
  open(options: { baudRate: number }): Promise<void>;
  /** Writes bytes in order; resolves when they are handed to the transport. */
  write(data: Uint8Array): Promise<void>;
  /**
   * Subscribes to received bytes, in order, from now on; returns the unsubscribe function. Bytes that
   * arrive with no subscriber are dropped (consumers that need history keep their own buffer).
   */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Changes the baud rate of an open link (the emulator and RFC 2217 servers see the new rate). */
  setBaudRate(baudRate: number): Promise<void>;
  /** Sets DTR and RTS together (true = asserted), as esptool's reset sequences need. */
  setSignals(signals: { dtr: boolean; rts: boolean }): Promise<void>;
  /** Drops bytes buffered in either direction where the transport can (RFC 2217 PURGE_DATA). */
  purge(): Promise<void>;
  /** Closes the link; idempotent. */
  close(): Promise<void>;
  /** Resolves when the link closes, by `close()` or because the other end went away. */
  readonly closed: Promise<void>;
}

export interface SerialLinkInfo {
  kind: 'serialport' | 'rfc2217' | 'emulator';
  /** `/dev/ttyUSB0`, `rfc2217://host:port`, `emulator://esp32s3/0`. */
  path: string;
  /** USB identity when the transport knows it (local ports only). */
  usbVendorId?: number;
  usbProductId?: number;
  serialNumber?: string;
  /** USB location (bus-port path) when known: survives re-enumeration better than the tty name. */
  location?: string;
}
