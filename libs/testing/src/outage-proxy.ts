import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on a spare loopback port in front of a real server (PostgreSQL, Redis, NATS), so a
 * test can take that server away from one app and give it back, as a restart or a network cut
 * would look from the app: every open connection is reset and new ones are refused (accepted and
 * reset at once, which also lets the test count how often the app tried).
 */
export class OutageProxy {
  /** Connections the app attempted while the server was away. */
  attemptsWhileDown = 0;
  private down = false;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<OutageProxy> {
    const accepting: { proxy?: OutageProxy } = {};
    const server = createServer((client) => accepting.proxy?.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    accepting.proxy = new OutageProxy(server, (server.address() as { port: number }).port);
    return accepting.proxy;
  }

  /** The URL of the server behind the proxy, with the proxy's port: what the app should use. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** The server goes away: open connections are reset, new ones fail. */
  cut(): void {
    this.down = true;
    this.attemptsWhileDown = 0;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (this.down) {
      this.attemptsWhileDown++;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
