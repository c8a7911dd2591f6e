// `--history N` (issue 9): the phase runs with N shipped orders already in the database, to show
// whether history costs. One real order is placed, worked by its suppliers through the portal
// (accept, start, complete, ship) until the customer sees it shipped; then every row that order
// left in the apps' tables (orders, lines, timeline, jobs, shipments, scheduling's plan of it) is
// copied N - 1 times in SQL, each copy under new ids and dated further back. Shared rows (the
// network, customers, models) and the messaging tables (outbox, inbox: pruned by retention) are
// not copied. Ids are rewritten wherever they appear (columns and JSON), so the copies are as
// linked as the original; timestamps move back by a day plus 30 s per copy. Afterwards the plan's token changes, so every reader loads the plan
// once from the database, history included, as after a restart.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { apiClient } from '../api-client.mjs';
import { SupplierPlayer } from '../demo-suppliers.mjs';
import { BenchError } from './stack.mjs';

const SHIP_DEADLINE_MS = 180_000;
/** Tables of no single order: the network, principals, models, messaging and idempotency records. */
const notCopied = new Set([
  'outbox',
  'inbox',
  'idempotency_keys',
  'publish_keys',
  'quotes',
  'migrations',
  'plan_state',
  'factories',
  'transfer_times',
  'customers',
  'suppliers',
  'tokens',
  'model_versions',
  'closed_orders',
  'withdrawn_jobs',
]);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Rows inserted per statement: bounded so one statement never holds too much. */
const BATCH = 50_000;

/** Seeds `count` shipped orders; returns what was made, and how long it took. */
export async function seedHistory({ baseUrl, network, bodies, probe, ns, count, log }) {
  const started = Date.now();
  const template = await shipOneOrder({ baseUrl, network, body: bodies[1], log });
  const shippedMs = Date.now() - started;
  const shared = new Set([...network.customers.map((c) => c.id), ...network.suppliers.flatMap((s) => [s.id, ...s.factoryIds])]);
  const copied = await copyOrder({ pool: probe.pool, ns, orderId: template, shared, copies: count - 1, log });
  const schema = ns.schema('scheduling');
  await probe.pool.query(`UPDATE "${schema}"."plan_state" SET "token" = $1 WHERE "id" = 1`, [randomUUID()]);
  log(
    `history: ${count} shipped orders (${Object.entries(copied)
      .map(([table, rows]) => `${table} ${rows}`)
      .join(', ')}) in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return {
    orders: count,
    templateOrderId: template,
    rows: copied,
    shipOneMs: shippedMs,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** Places an order and plays every supplier through the portal until the customer sees it shipped. */
async function shipOneOrder({ baseUrl, network, body, log }) {
  const api = apiClient(baseUrl);
  const customer = network.customers[0];
  const { body: order } = await api('POST', '/v1/orders', {
    token: customer.token,
    body,
    headers: { 'idempotency-key': `history-${randomUUID()}` },
  });
  const suppliers = network.suppliers.map((s, i) => ({ ...s, name: `Bench supplier ${i + 1}` }));
  const player = new SupplierPlayer({ api, suppliers, orderId: order.id, say: () => undefined });
  const deadline = Date.now() + SHIP_DEADLINE_MS;
  for (;;) {
    const { body: now } = await api('GET', `/v1/orders/${order.id}`, { token: customer.token });
    if (now.status === 'shipped') break;
    if (['rejected', 'cancelled'].includes(now.status)) throw new BenchError(`history: the template order was ${now.status}`);
    if (Date.now() > deadline)
      throw new BenchError(
        `history: the template order is ${now.status} after ${SHIP_DEADLINE_MS / 1000} s: ${player.summary()}`,
      );
    await player.playOnce();
    await delay(200);
  }
  log(`history: order ${order.id} shipped through the portal; copying it`);
  return order.id;
}

/**
 * Every row of the namespace's tables that names the order or one of its ids, copied `copies`
 * times: each UUID of the order's own (not a shared one) replaced by a copy-specific one, every
 * timestamp column moved back, identity columns left to their defaults.
 */
async function copyOrder({ pool, ns, orderId, shared, copies, log }) {
  const tables = await tablesOf(pool, ns);
  // The order's own ids: those in rows naming the order, then in rows naming those (jobs → shipments).
  const own = new Set([orderId]);
  const rowsOf = new Map();
  for (let round = 0; round < 3; round++) {
    for (const table of tables) {
      const { rows } = await pool.query(`SELECT t::text AS row FROM ${table.name} t WHERE t::text ~ $1`, [[...own].join('|')]);
      rowsOf.set(table.name, rows.length);
      for (const { row } of rows) for (const id of row.match(UUID) ?? []) if (!shared.has(id)) own.add(id);
    }
  }
  const copied = {};
  const pattern = new RegExp([...own].join('|'), 'g');
  const client = await pool.connect();
  try {
    for (const table of tables) {
      if (!rowsOf.get(table.name)) continue;
      const columns = table.columns.filter((c) => !c.generated);
      await client.query(`DROP TABLE IF EXISTS pg_temp.template`);
      await client.query(`CREATE TEMP TABLE template AS SELECT * FROM ${table.name} t WHERE t::text ~ '${[...own].join('|')}'`);
      const { rows } = await client.query(`SELECT * FROM pg_temp.template`);
      // Per column, the ids its values hold: only those are rewritten (most columns hold none).
      const idsIn = new Map(
        columns.map((c) => [
          c.name,
          new Set(rows.flatMap((row) => JSON.stringify(row[c.name]) ?? '').flatMap((text) => text.match(pattern) ?? [])),
        ]),
      );
      const value = (c) => {
        const name = `t."${c.name}"`;
        const ids = [...idsIn.get(c.name)];
        if (ids.length > 0) {
          const replaced = ids.reduce(
            (expression, id) => `replace(${expression}, '${id}', md5('${id}' || i)::uuid::text)`,
            `${name}::text`,
          );
          return `(${replaced})::${c.type}`;
        }
        if (c.type.startsWith('timestamp')) return `${name} - make_interval(secs => 86400 + i * 30)`;
        return name;
      };
      const list = columns.map((c) => `"${c.name}"`).join(', ');
      let total = 0;
      const perStatement = Math.max(1, Math.floor(BATCH / rows.length));
      for (let from = 1; from <= copies; from += perStatement) {
        const to = Math.min(copies, from + perStatement - 1);
        const result = await client.query(
          `INSERT INTO ${table.name} (${list}) SELECT ${columns.map(value).join(', ')} FROM pg_temp.template t, generate_series($1::int, $2::int) i`,
          [from, to],
        );
        total += result.rowCount;
      }
      await client.query(`ANALYZE ${table.name}`);
      copied[table.label] = total;
    }
  } finally {
    await client.query(`DROP TABLE IF EXISTS pg_temp.template`).catch(() => undefined);
    client.release();
  }
  log(`history: copied ${Object.values(copied).reduce((a, b) => a + b, 0)} rows`);
  return copied;
}

/** The apps' tables in this namespace, with their columns (identity and serial ones marked). */
async function tablesOf(pool, ns) {
  const prefix = ns.schemaPrefix();
  const { rows } = await pool.query(
    `SELECT c.table_schema, c.table_name, c.column_name, c.data_type, (c.column_default LIKE 'nextval%' OR c.is_identity = 'YES') AS generated
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema LIKE $1 AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
    [`${prefix.replace(/_/g, '\\_')}%`],
  );
  const tables = new Map();
  for (const row of rows) {
    if (notCopied.has(row.table_name) || row.table_schema.endsWith('baseline')) continue;
    const name = `"${row.table_schema}"."${row.table_name}"`;
    if (!tables.has(name))
      tables.set(name, { name, label: `${row.table_schema.slice(prefix.length)}.${row.table_name}`, columns: [] });
    tables.get(name).columns.push({ name: row.column_name, type: sqlType(row.data_type), generated: row.generated });
  }
  // Parents first: a copy's foreign keys point at copies made before it.
  const parentsFirst = ['orders', 'order_lines', 'order_plans', 'shipments'];
  return [...tables.values()].sort((a, b) => rank(a) - rank(b));
  function rank(table) {
    const index = parentsFirst.indexOf(table.name.split('.')[1].replaceAll('"', ''));
    return index === -1 ? parentsFirst.length : index;
  }
}

function sqlType(dataType) {
  if (dataType === 'timestamp with time zone') return 'timestamptz';
  if (dataType === 'character varying') return 'text';
  return dataType;
}
