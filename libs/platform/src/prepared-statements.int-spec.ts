import { dropNamespaceSchemas, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { DataSource, type QueryRunner } from 'typeorm';
import { ensureSchema } from './database.module';
import { preparingPostgresDriver } from './prepared-statements';

// The apps' connections prepare what they run again and again: the answers must be those of
// unnamed statements, and what is prepared must stay bounded and survive what transactions do.
const ns = testNamespace('prepared');
const schema = `${ns}_things`;

describe('preparingPostgresDriver (integration)', () => {
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeAll(async () => {
    await ensureSchema(testDatabaseUrl, schema);
    dataSource = new DataSource({
      type: 'postgres',
      url: testDatabaseUrl,
      schema,
      driver: preparingPostgresDriver({ perConnection: 5, maxTextLength: 200, repeats: 2 }),
      extra: { max: 2 },
    });
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE "${schema}"."things" ("id" int PRIMARY KEY, "name" text NOT NULL, "at" timestamptz NULL)`,
    );
  });

  // One connection throughout: what is prepared is per connection.
  beforeEach(async () => {
    runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query(`DELETE FROM "${schema}"."things"`);
  });

  afterEach(() => runner.release());

  afterAll(async () => {
    await dataSource?.destroy();
    await dropNamespaceSchemas(ns);
  });

  /** The texts this connection has prepared (PostgreSQL's own view of the session). */
  const prepared = async (): Promise<string[]> =>
    (await runner.query(`SELECT "statement" FROM pg_prepared_statements`)).map((r: { statement: string }) => r.statement);

  it('prepares a parameterised text from its second run, and answers as an unnamed statement does', async () => {
    const insert = `INSERT INTO "${schema}"."things" ("id", "name", "at") VALUES ($1, $2, $3) RETURNING "id", "name", "at"`;
    const at = new Date('2026-12-03T10:11:12.345Z');
    const answers = [];
    for (let id = 1; id <= 3; id++) answers.push(await runner.query(insert, [id, `thing ${id} — ü`, at]));
    expect(answers).toEqual([1, 2, 3].map((id) => [{ id, name: `thing ${id} — ü`, at }]));
    expect(await prepared()).toContain(insert);
    expect((await prepared()).filter((text) => text.includes('"things"'))).toEqual([insert]);

    // Through the pool and TypeORM's other paths, too: the same rows, the same types.
    const select = `SELECT "id", "name", "at" FROM "${schema}"."things" WHERE "id" = ANY($1) ORDER BY "id"`;
    for (let i = 0; i < 3; i++) expect(await dataSource.query(select, [[2, 3]])).toEqual(answers.slice(1).flat());
  });

  it('leaves unprepared the texts run once, commands, several statements in one text, long ones and those selecting *', async () => {
    const before = await prepared();
    const once = `SELECT "name" FROM "${schema}"."things" WHERE "id" = $1 AND "name" <> 'once'`;
    await runner.query(once, [1]);
    for (let i = 0; i < 3; i++) {
      await runner.query(`SHOW search_path`);
      await runner.query(`SELECT 1 AS "a"; SELECT 2 AS "b"`);
      await runner.query(`SELECT * FROM "${schema}"."things" WHERE "id" = $1`, [1]);
      await runner.query(`SELECT "id" FROM "${schema}"."things" WHERE "id" = $1 /* ${'x'.repeat(200)} */`, [1]);
    }
    expect(await prepared()).toEqual(before);
  });

  it('prepares one plain statement without parameters from its second run', async () => {
    const count = `SELECT count(*)::int AS "n" FROM "${schema}"."things" WHERE "name" <> 'none'`;
    for (let i = 0; i < 3; i++) expect(await runner.query(count)).toEqual([{ n: 0 }]);
    expect(await prepared()).toContain(count);
  });

  it('prepares no more than the bound per connection; later texts still run', async () => {
    for (let n = 0; n < 8; n++) {
      const text = `SELECT $1::int + ${n} AS "sum"`;
      for (let i = 0; i < 3; i++) expect(await runner.query(text, [1])).toEqual([{ sum: 1 + n }]);
    }
    expect(await prepared()).toHaveLength(5);
  });

  it('keeps working after a rollback, a failed statement and a table that appears later', async () => {
    const insert = `INSERT INTO "${schema}"."things" ("id", "name") VALUES ($1, $2)`;
    await runner.startTransaction();
    await runner.query(insert, [10, 'rolled back']);
    await runner.query(insert, [11, 'rolled back']);
    await runner.rollbackTransaction();
    await runner.query(insert, [12, 'kept']);
    await expect(runner.query(insert, [12, 'twice'])).rejects.toThrow(/duplicate key/);
    await runner.query(insert, [13, 'kept']);
    expect(await runner.query(`SELECT "id" FROM "${schema}"."things" ORDER BY "id"`)).toEqual([{ id: 12 }, { id: 13 }]);

    // A statement on a table that does not exist yet fails, and runs once the table is there.
    const later = `INSERT INTO "${schema}"."later" ("id") VALUES ($1)`;
    for (let i = 0; i < 2; i++) await expect(runner.query(later, [i])).rejects.toThrow(/does not exist/);
    await runner.query(`CREATE TABLE "${schema}"."later" ("id" int PRIMARY KEY)`);
    for (let i = 0; i < 3; i++) await runner.query(later, [i]);
    expect(await runner.query(`SELECT count(*)::int AS "n" FROM "${schema}"."later"`)).toEqual([{ n: 3 }]);
  });

  it('survives PostgreSQL ending a connection nobody is listening on: the process goes on, the connection says it is gone', async () => {
    const { Client } = preparingPostgresDriver();
    const held = new Client({ connectionString: testDatabaseUrl });
    await held.connect();
    let ended = false;
    held.once('end', () => (ended = true));
    const [{ pid }] = (await held.query('SELECT pg_backend_pid() AS pid')).rows as Array<{ pid: number }>;
    // As an administrator or a restart does: the server sends FATAL 57P01 on a connection that runs nothing.
    // With nothing listening for 'error' on the client, node-postgres's event used to end the process.
    await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor('the server to close the connection', async () => ended);
    await expect(held.query('SELECT 1')).rejects.toThrow();
  });
});
