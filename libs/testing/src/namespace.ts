import { Namespace } from '@atelier/contracts';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh namespace per test file: its own subjects, streams, schemas and queues (STYLE.md "isolate by name"). */
export function testNamespace(label: string): string {
  return `t${label.toLowerCase().replace(/[^a-z0-9]/g, '')}${randomBytes(3).toString('hex')}`;
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The environment an app reads to run in a test namespace against the test database. */
export function testServiceEnv(namespace: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ATELIER_NAMESPACE: namespace, DATABASE_URL: testDatabaseUrl, ...overrides };
}

/** Drops the schemas a test namespace created. */
export async function dropNamespaceSchemas(namespace: string, databaseUrl = testDatabaseUrl): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
      `${new Namespace(namespace).schemaPrefix().slice(0, -1)}\\_%`,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
