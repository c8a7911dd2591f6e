import pg from 'pg';

/** Bounds of what each connection keeps prepared (PostgreSQL holds a plan per statement per backend). */
export interface PreparedStatementLimits {
  /** Named statements one connection prepares at most; later new texts run unnamed. */
  perConnection: number;
  /** Longer texts (many-row inserts, long IN lists) run unnamed: rarely the same twice. */
  maxTextLength: number;
  /** A text is prepared from its `repeats`-th run in this process on: one-off texts are not. */
  repeats: number;
}

export const defaultPreparedStatementLimits: PreparedStatementLimits = { perConnection: 200, maxTextLength: 4_000, repeats: 2 };

/**
 * A text without parameters is prepared only when it is one plain statement: the simple protocol
 * it would otherwise go by also runs several statements in one text, and commands (BEGIN, SET,
 * DDL) that are not worth a name.
 */
const ONE_PLAIN_STATEMENT = /^\s*(?:select|with|insert|update|delete)\b[^;]*;?\s*$/i;
/** Texts whose result columns follow the table's (`*`): a column added while prepared would fail them. */
const STAR_COLUMNS = /\b(?:select|returning)\s+(?:[a-z_"]+\.)?\*|\.\*/i;
/** Texts counted, and texts named, at most: a stream of ever new texts cannot grow either without end. */
const MAX_COUNTED_TEXTS = 2_000;
const MAX_NAMED_TEXTS = 1_000;

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * node-postgres for TypeORM's `driver` option, whose connections prepare the statements the app
 * runs again and again (PostgreSQL's extended protocol with a statement name): the server then
 * parses and plans each once per connection instead of at every run. Measured with pgbench on
 * this machine, a prepared single-row SELECT cost less than half the server time of an unnamed one.
 *
 * Prepared: texts seen `repeats` times, short enough, that do not select `*`, up to `perConnection`
 * per connection; those without parameters only when they are one plain SELECT, INSERT, UPDATE,
 * DELETE or WITH (the outbox relay's read was parsed and planned at every run before).
 * Protocol-level prepared statements survive a transaction's rollback, and PgBouncer (1.21 and
 * later, `max_prepared_statements` above 0) keeps them across transaction-mode pooling.
 */
export function preparingPostgresDriver(limits: PreparedStatementLimits = defaultPreparedStatementLimits): typeof pg {
  const runs = new Map<string, number>();
  const names = new Map<string, string>();

  /** The statement name for a text worth preparing, or undefined. */
  function nameOf(text: string): string | undefined {
    const known = names.get(text);
    if (known) return known;
    if (text.length > limits.maxTextLength || names.size >= MAX_NAMED_TEXTS || STAR_COLUMNS.test(text)) return undefined;
    const count = (runs.get(text) ?? 0) + 1;
    if (count < limits.repeats) {
      if (runs.size < MAX_COUNTED_TEXTS) runs.set(text, count);
      return undefined;
    }
    runs.delete(text);
    const name = `atelier_${names.size.toString(36)}`;
    names.set(text, name);
    return name;
  }

  class PreparingClient extends pg.Client {
    private readonly preparedHere = new Set<string>();

    constructor(config?: string | pg.ClientConfig) {
      super(config);
      // node-postgres emits 'error' on a connection the server ends while it runs nothing (a
      // restart, an administrator, a failover); with no listener that event ends the process. The
      // pool and TypeORM listen while they hold a connection, but not at every moment (seen: an
      // orders replica exited during the fault-injection run's PostgreSQL outage). The connection
      // is unusable either way: its next query fails, and whoever holds it releases it.
      this.on('error', () => undefined);
    }

    // TypeORM calls query(text, values) and awaits it; everything else goes to node-postgres as given.
    override query(...args: unknown[]): never {
      const [text, values, callback] = args as [unknown, unknown, QueryCallback | undefined];
      const parameters = Array.isArray(values) ? values : values === undefined ? [] : undefined;
      if (typeof text === 'string' && parameters && (parameters.length > 0 || ONE_PLAIN_STATEMENT.test(text))) {
        const name = nameOf(text);
        if (name && (this.preparedHere.has(name) || this.preparedHere.size < limits.perConnection)) {
          this.preparedHere.add(name);
          const config = { name, text, values: parameters };
          return (callback ? super.query(config, callback) : super.query(config)) as never;
        }
      }
      return (super.query as (...a: unknown[]) => unknown)(...args) as never;
    }
  }

  class PreparingPool extends pg.Pool {
    constructor(options?: pg.PoolConfig) {
      super({ ...options, Client: PreparingClient });
    }
  }

  return { ...pg, Pool: PreparingPool, Client: PreparingClient } as typeof pg;
}
