import { dropNamespaceSchemas, testDatabaseUrl, testNamespace } from '@atelier/testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureSchema, migrateSchema, migrationSchema } from './database.module';

// Two replicas of an app started together on a fresh schema both apply its migrations at start.
// Without a lock both create the migrations table and both run the first migration, and one of
// them fails its start ("relation already exists" or a unique violation on pg_type).
const ns = testNamespace('migrate');

class CreateWidgets1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`CREATE TABLE "${schema}"."widgets" (id integer PRIMARY KEY, name text NOT NULL)`);
    // Long enough that replicas started together overlap inside the migration.
    await runner.query('SELECT pg_sleep(0.2)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${migrationSchema(runner)}"."widgets"`);
  }
}

class SeedWidgets1700000000002 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`INSERT INTO "${migrationSchema(runner)}"."widgets" VALUES (1, 'first')`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "${migrationSchema(runner)}"."widgets" WHERE id = 1`);
  }
}

const options = { entities: [], migrations: [CreateWidgets1700000000001, SeedWidgets1700000000002] };

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('migrations at start', () => {
  afterAll(() => dropNamespaceSchemas(ns));

  it('apply once when four replicas start together on a fresh schema, and again on a migrated one change nothing', async () => {
    const schema = `${ns}_widgets`;
    const replicas = async () => {
      const started = await Promise.allSettled(
        Array.from({ length: 4 }, async () => {
          await ensureSchema(testDatabaseUrl, schema);
          await migrateSchema(testDatabaseUrl, schema, options);
        }),
      );
      return started
        .filter((result) => result.status === 'rejected')
        .map((result) => String((result as PromiseRejectedResult).reason));
    };

    expect(await replicas()).toEqual([]);
    expect(await replicas()).toEqual([]);

    const applied = await query<{ name: string }>(`SELECT name FROM "${schema}"."migrations" ORDER BY id`);
    expect(applied.map((row) => row.name)).toEqual(['CreateWidgets1700000000001', 'SeedWidgets1700000000002']);
    expect(await query(`SELECT id, name FROM "${schema}"."widgets"`)).toEqual([{ id: 1, name: 'first' }]);
  });
});
