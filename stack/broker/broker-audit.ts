/**
 * Security events read from Mosquitto's log as the stack tails it: connections refused (bad or missing
 * credentials, a certificate from another CA) and publishes the ACL denied. Mosquitto counts neither in
 * $SYS; it logs refusals with `connection_messages true` and denied publishes only at `log_type debug`.
 */
export interface BrokerAuditCounts {
  /** CONNECTs refused for credentials ("not authorised"). */
  refusedConnections: number;
  /** TLS handshakes that failed (no certificate, one from another CA, not TLS at all). */
  refusedTls: number;
  /** PUBLISHes the ACL dropped (counted only when the stack was asked to: they are debug lines). */
  deniedPublishes: number;
  /**
   * Connections that took over a connected client id ("already connected, closing old connection"): a
   * client using another device's client id, or a device reconnecting before its old connection timed out.
   */
  takeovers: number;
  /** The last few denials, newest last: "client-id → topic". */
  recentDenials: string[];
}

const REFUSED = /Client \S+ disconnected, not authorised\./;
const DENIED = /Denied PUBLISH from (\S+) \(d\d, q\d, r\d, m\d+, '([^']*)'/;
// Mosquitto 2.0 logs a failed handshake as "OpenSSL Error[0]: …" then "Client … disconnected: Protocol error." —
// one count per handshake: the "OpenSSL Error[0]" line comes once per failure.
const TLS_FAILED = /OpenSSL Error\[0\]:/;
const RECENT = 10;

export class BrokerAudit {
  readonly counts: BrokerAuditCounts = {
    refusedConnections: 0,
    refusedTls: 0,
    deniedPublishes: 0,
    takeovers: 0,
    recentDenials: [],
  };

  /** One line of the broker's log. */
  push(line: string): void {
    // Cheap test first: at debug level every packet is a line.
    if (line.includes('Denied PUBLISH')) {
      const m = DENIED.exec(line);
      if (!m) return;
      this.counts.deniedPublishes++;
      this.#recent(`${m[1]} → ${m[2]}`);
    } else if (line.includes('not authorised')) {
      if (REFUSED.test(line)) this.counts.refusedConnections++;
    } else if (line.includes('OpenSSL Error[0]')) {
      if (TLS_FAILED.test(line)) this.counts.refusedTls++;
    } else if (line.includes('already connected, closing old connection')) {
      this.counts.takeovers++;
    }
  }

  snapshot(): BrokerAuditCounts {
    return { ...this.counts, recentDenials: [...this.counts.recentDenials] };
  }

  #recent(entry: string): void {
    const r = this.counts.recentDenials;
    r.push(entry);
    if (r.length > RECENT) r.shift();
  }
}
