import { Namespace } from '@atelier/contracts';
import { Client } from 'pg';

export interface ServiceRole {
  service: string;
  role: string;
  schema: string;
  /** DATABASE_URL for the service: the same server and database, as its own role. */
  databaseUrl: string;
}

/** The PostgreSQL role a service logs in as: roles are server-wide, so it is namespaced and marked as ours. */
export function serviceRoleName(service: string, namespace: string): string {
  return `atelier_${new Namespace(namespace).schema(service)}`;
}

/**
 * One LOGIN role per service that owns its schema and nothing else (issue 7, least privilege):
 * it may create tables only there (so its migrations run), may not create schemas, and cannot read
 * another service's schema (a schema grants nothing to anyone but its owner). Run as a superuser
 * (or the database owner); safe to run again: it re-asserts the grants and takes over what an
 * earlier run without roles left in the schema.
 */
export async function provisionServiceRoles(
  adminDatabaseUrl: string,
  namespace: string,
  passwords: Record<string, string>,
): Promise<ServiceRole[]> {
  const ns = new Namespace(namespace);
  const client = new Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    const id = (name: string) => client.escapeIdentifier(name);
    // The defaults of PostgreSQL 15, made explicit for older servers: nobody creates in public.
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    const roles: ServiceRole[] = [];
    for (const [service, password] of Object.entries(passwords)) {
      const role = serviceRoleName(service, namespace);
      const schema = ns.schema(service);
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${client.escapeLiteral(password)}`;
      await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${id(role)} WITH ${attributes}`);
      await client.query(`REVOKE ALL ON DATABASE ${id(database)} FROM ${id(role)}`);
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id(database)} TO ${id(role)}`);
      await client.query(`REVOKE ALL ON SCHEMA public FROM ${id(role)}`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${id(schema)} AUTHORIZATION ${id(role)}`);
      await takeOver(client, schema, role);
      roles.push({ service, role, schema, databaseUrl: urlAs(adminDatabaseUrl, role, password) });
    }
    return roles;
  } finally {
    await client.end();
  }
}

/** The schema and what is in it belong to the role (an earlier run may have made them as the superuser). */
async function takeOver(client: Client, schema: string, role: string): Promise<void> {
  const id = (name: string) => client.escapeIdentifier(name);
  await client.query(`ALTER SCHEMA ${id(schema)} OWNER TO ${id(role)}`);
  const { rows } = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND pg_get_userbyid(c.relowner) <> $2`,
    [schema, role],
  );
  // Sequences owned by a column follow their table.
  for (const { name, kind } of rows) {
    const what = kind === 'v' ? 'VIEW' : kind === 'm' ? 'MATERIALIZED VIEW' : kind === 'f' ? 'FOREIGN TABLE' : 'TABLE';
    await client.query(`ALTER ${what} ${id(schema)}.${id(name)} OWNER TO ${id(role)}`);
  }
  const types = await client.query<{ name: string }>(
    `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e' AND pg_get_userbyid(t.typowner) <> $2`,
    [schema, role],
  );
  for (const { name } of types.rows) await client.query(`ALTER TYPE ${id(schema)}.${id(name)} OWNER TO ${id(role)}`);
}

/** Drops a service's role and what it owns in this database, its schema included (tests; undoing a set-up). */
export async function dropServiceRole(adminDatabaseUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    const id = client.escapeIdentifier(role);
    if ((await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 0) return;
    // Its objects and grants in this database go with it; it must have none left in another database.
    await client.query(`DROP OWNED BY ${id}`);
    await client.query(`DROP ROLE ${id}`);
  } finally {
    await client.end();
  }
}

function urlAs(databaseUrl: string, role: string, password: string): string {
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}
