import { messagingTablesSql } from '@atelier/messaging';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace } from '@atelier/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureSchema } from './database.module';
import { dropServiceRole, provisionServiceRoles, serviceRoleName, type ServiceRole } from './database-roles';

// Trust authentication on the test server means passwords are not checked here; what is proved is
// that the grants keep each service's role inside its own schema.
const ns = testNamespace('roles');
const password = () => randomBytes(12).toString('hex');

async function as<T>(role: ServiceRole, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: role.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('a PostgreSQL role per service', () => {
  let orders: ServiceRole;
  let scheduling: ServiceRole;

  beforeAll(async () => {
    [orders, scheduling] = await provisionServiceRoles(testDatabaseUrl, ns, { orders: password(), scheduling: password() });
  });

  afterAll(async () => {
    await dropNamespaceSchemas(ns);
    for (const service of ['orders', 'scheduling', 'suppliers'])
      await dropServiceRole(testDatabaseUrl, serviceRoleName(service, ns));
  });

  it('logs in as its own role, to the same database, owning its namespaced schema', async () => {
    expect(orders.role).toBe(`atelier_${ns}_orders`);
    expect(orders.schema).toBe(`${ns}_orders`);
    const who = await as(
      orders,
      async (client) => (await client.query('SELECT current_user AS u, current_database() AS d')).rows[0],
    );
    expect(who).toEqual({ u: orders.role, d: new URL(testDatabaseUrl).pathname.slice(1) });
  });

  it('starts (ensureSchema) and migrates and uses its own schema', async () => {
    await ensureSchema(orders.databaseUrl, orders.schema);
    await as(orders, async (client) => {
      for (const sql of messagingTablesSql(orders.schema)) await client.query(sql);
      await client.query(`CREATE TABLE "${orders.schema}"."orders" ("id" text PRIMARY KEY)`);
      await client.query(`ALTER TABLE "${orders.schema}"."orders" ADD COLUMN "status" text`);
      await client.query(`INSERT INTO "${orders.schema}"."orders" VALUES ('o-1', 'placed')`);
      const { rows } = await client.query(`SELECT "status" FROM "${orders.schema}"."orders"`);
      expect(rows).toEqual([{ status: 'placed' }]);
    });
  });

  it("is refused another service's schema, the public schema and new schemas", async () => {
    await as(scheduling, (client) => client.query(`CREATE TABLE "${scheduling.schema}"."jobs" ("id" text)`));
    await as(orders, async (client) => {
      const refused = (sql: string) => expect(client.query(sql)).rejects.toMatchObject({ code: '42501' });
      await refused(`SELECT * FROM "${scheduling.schema}"."jobs"`);
      await refused(`INSERT INTO "${scheduling.schema}"."jobs" VALUES ('x')`);
      await refused(`CREATE TABLE "${scheduling.schema}"."mine" ("id" text)`);
      await refused(`CREATE TABLE public."mine" ("id" text)`);
      await refused(`CREATE SCHEMA "${ns}_extra"`);
      await refused(`DROP SCHEMA "${scheduling.schema}" CASCADE`);
    });
    // And ensureSchema cannot make a schema the role was not given.
    await expect(ensureSchema(orders.databaseUrl, `${ns}_suppliers`)).rejects.toMatchObject({ code: '42501' });
  });

  it('takes over a schema an earlier run made as the superuser, and can be provisioned again', async () => {
    const admin = new Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    const schema = `${ns}_suppliers`;
    try {
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await admin.query(`CREATE TABLE "${schema}"."factories" ("id" serial PRIMARY KEY)`);
    } finally {
      await admin.end();
    }
    const [suppliers] = await provisionServiceRoles(testDatabaseUrl, ns, { suppliers: password() });
    const [again] = await provisionServiceRoles(testDatabaseUrl, ns, { suppliers: password() });
    await ensureSchema(again.databaseUrl, suppliers.schema);
    await as(again, async (client) => {
      await client.query(`ALTER TABLE "${schema}"."factories" ADD COLUMN "name" text`);
      await client.query(`INSERT INTO "${schema}"."factories" ("name") VALUES ('f')`);
      await expect(client.query(`SELECT * FROM "${orders.schema}"."orders"`)).rejects.toMatchObject({ code: '42501' });
    });
  });
});
