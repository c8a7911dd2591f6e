import { ensureSchema } from '@atelier/platform';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import pg from 'pg';
import { PlanTokenWatch, planTokenChannel } from './plan-token-watch';

// The watch stands in for reading plan_state at every quote: what it says must be what the table
// says once a change commits, and when it cannot vouch for that it must say nothing.
const ns = testNamespace('tokenwatch');
const schema = `${ns}_scheduling`;

describe('the plan token watch (integration)', () => {
  const db = new pg.Pool({ connectionString: testDatabaseUrl, max: 3 });
  let watch: PlanTokenWatch;

  /** A plan change as PlanStore makes it: the new token and its notification in one transaction. */
  async function change(token: string, options: { commit: boolean } = { commit: true }): Promise<void> {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `WITH u AS (UPDATE "${schema}"."plan_state" SET "token" = $1 WHERE "id" = 1 RETURNING "token")
         SELECT pg_notify($2, $1) FROM u`,
        [token, planTokenChannel(schema)],
      );
      await client.query(options.commit ? 'COMMIT' : 'ROLLBACK');
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    await ensureSchema(testDatabaseUrl, schema);
    await db.query(`CREATE TABLE "${schema}"."plan_state" ("id" int PRIMARY KEY, "token" text NOT NULL)`);
    await db.query(`INSERT INTO "${schema}"."plan_state" VALUES (1, 'initial')`);
    watch = new PlanTokenWatch({ connectionString: testDatabaseUrl }, schema);
    watch.start();
    await waitFor('the watch listening', () => watch.current() === 'initial');
  });

  afterAll(async () => {
    await watch?.stop();
    await db.end();
    await dropNamespaceSchemas(ns);
  });

  it('knows a change once it commits, and never one that rolled back', async () => {
    await change('rolled-back', { commit: false });
    await change('second');
    await waitFor('the committed token', () => watch.current() === 'second', { timeoutMs: 2_000 });
    await change('third');
    await change('fourth');
    await waitFor('the last committed token', () => watch.current() === 'fourth', { timeoutMs: 2_000 });
    expect(watch.current()).not.toBe('rolled-back');
  });

  it('sees a change that notified nobody within its confirmation, by reading the table', async () => {
    await db.query(`UPDATE "${schema}"."plan_state" SET "token" = 'by hand' WHERE "id" = 1`);
    await waitFor('the token changed by hand', () => watch.current() === 'by hand', { timeoutMs: 5_000 });
  });

  it('says nothing while its connection is gone, and knows the token again once back', async () => {
    // The watch's own connection: it names itself, and last read this schema's token.
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'atelier plan token watch' AND query LIKE $1`,
      [`SELECT "token" FROM "${schema}".%`],
    );
    expect(rows.length).toBeGreaterThan(0);
    await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((row) => row.pid)]);
    await waitFor('the watch silent', () => watch.current() === undefined, { timeoutMs: 5_000 });
    await change('while away');
    await waitFor('the token read again after reconnecting', () => watch.current() === 'while away', { timeoutMs: 10_000 });
  });
});
