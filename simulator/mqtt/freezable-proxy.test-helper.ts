import net from 'node:net';

/**
 * A TCP relay in front of a real broker that can freeze (stop relaying in both directions, keeping
 * the client's socket open even when the broker closes its side: a half-open link as a dead NAT or
 * Wi-Fi leaves it) or cut every connection.
 */
export class FreezableProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  frozen = false;

  private constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(target);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      client.on('data', (d) => {
        if (!this.frozen) upstream.write(d);
      });
      upstream.on('data', (d) => {
        if (!this.frozen) client.write(d);
      });
      const drop = (): void => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', drop).on('error', drop);
      // Frozen, the client hears nothing of the broker, not even its close (a broker gives up on a
      // silent client after 1.5 × keepalive, which raced the client's own keepalive check).
      const upstreamGone = (): void => {
        if (this.frozen) upstream.destroy();
        else drop();
      };
      upstream.on('close', upstreamGone).on('error', upstreamGone);
    });
  }

  static async start(target: { host: string; port: number }): Promise<FreezableProxy> {
    const proxy = new FreezableProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Closes every relayed connection (both sides see the TCP close). */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
