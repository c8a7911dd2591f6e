import { Client, type ClientConfig } from 'pg';

/**
 * How soon PostgreSQL lets the lock of a relay that vanished without closing its connection go
 * (its machine gone, the network cut): the server's keepalives find the connection dead after
 * about idle + interval × count seconds, instead of the operating system's two hours.
 */
const KEEPALIVE = { idleSeconds: 10, intervalSeconds: 5, count: 3 };

/**
 * The outbox relay's own connection, holding the relay's session lock while this replica is the
 * one that relays. A batch is then a SELECT and a DELETE on it, without the BEGIN, lock query and
 * COMMIT a transaction-scoped lock needs around them: three statements of a batch's five, and a
 * busy app relays about once per order placed. Closing the connection lets the lock go; the
 * relay closes it on any failure (PostgreSQL restarting, NATS refusing publishes), so that this
 * replica or another takes it at its next try. Replicas of an older version take the same lock
 * per transaction: they and this one exclude each other.
 */
export class RelayLock {
  private client: Client | null = null;
  private holding = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly key: string,
  ) {}

  /** The connection to relay on while this replica holds the lock (taken now if it is free); null when another holds it. */
  async acquire(): Promise<Client | null> {
    if (this.holding && this.client) return this.client;
    try {
      const client = this.client ?? (await this.open());
      const {
        rows: [{ locked }],
      } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS "locked"', [this.key]);
      this.holding = locked;
      return locked ? client : null;
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  /** Closes the connection, and with it the lock. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.holding = false;
    await client?.end().catch(() => undefined);
  }

  private async open(): Promise<Client> {
    const client = new Client(this.config);
    // An idle connection that breaks (PostgreSQL restarting) says so here, not as an uncaught error.
    client.on('error', () => {
      if (this.client === client) void this.release();
    });
    this.client = client;
    await client.connect();
    await client.query(
      `SET tcp_keepalives_idle = ${KEEPALIVE.idleSeconds}; SET tcp_keepalives_interval = ${KEEPALIVE.intervalSeconds}; SET tcp_keepalives_count = ${KEEPALIVE.count}`,
    );
    return client;
  }
}
