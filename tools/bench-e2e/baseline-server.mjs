// The raw limit of the machine for one order (issue 9): a bare Node HTTP server that reads the
// same POST /v1/orders body, checks it minimally and inserts one row per request into the same
// PostgreSQL. No framework, no messaging, no second process: what the system's placement is
// compared with. Run as its own process by the benchmark:
//   BASELINE_PORT=… BASELINE_SCHEMA=… DATABASE_URL=… node tools/bench-e2e/baseline-server.mjs
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const port = Number(process.env.BASELINE_PORT);
const schema = process.env.BASELINE_SCHEMA;
if (!port || !schema || !/^[a-z][a-z0-9_]*$/.test(schema))
  throw new Error('BASELINE_PORT and BASELINE_SCHEMA (lowercase) are required');

const MAX_BODY_BYTES = 1_000_000;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}"."orders" (
  "id" uuid PRIMARY KEY,
  "idempotency_key" text NOT NULL UNIQUE,
  "body" jsonb NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now())`);
const insert = `INSERT INTO "${schema}"."orders" ("id", "idempotency_key", "body") VALUES ($1, $2, $3)`;

/** As little as a real endpoint could check: the shape of lines and address, and the key. */
function problemWith(order, key) {
  if (!key) return 'Idempotency-Key required';
  if (!order || typeof order !== 'object' || !Array.isArray(order.lines) || order.lines.length === 0) return 'lines required';
  for (const line of order.lines) {
    if (typeof line?.productId !== 'string' || typeof line.selections !== 'object' || !Number.isInteger(line.quantity))
      return 'bad line';
  }
  if (typeof order.shippingAddress?.country !== 'string') return 'shippingAddress required';
  return undefined;
}

function answer(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/v1/orders') return answer(response, 404, { error: { code: 'NOT_FOUND' } });
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) request.destroy();
    else chunks.push(chunk);
  });
  request.on('end', async () => {
    let order;
    try {
      order = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(response, 400, { error: { code: 'MALFORMED' } });
    }
    const key = request.headers['idempotency-key'];
    const problem = problemWith(order, key);
    if (problem) return answer(response, 400, { error: { code: 'VALIDATION_FAILED', message: problem } });
    const id = randomUUID();
    try {
      await pool.query(insert, [id, key, order]);
      answer(response, 201, { id, status: 'placed' });
    } catch (error) {
      answer(response, error.code === '23505' ? 409 : 503, { error: { code: error.code ?? 'DATABASE' } });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => pool.end().then(() => process.exit(0)));
    server.closeAllConnections();
  });
}
