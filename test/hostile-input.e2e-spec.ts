import { ConfiguratorRequests, Namespace, OrdersRequests, SchedulingRequests, SuppliersRequests } from '@atelier/contracts';
import { cleanUpNamespace, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, expectStatus, type Answer } from './support/http';
import { onboardNetwork } from './support/network';
import { startSystem, withAppOutput, type AppName, type RunningSystem } from './support/system';

/**
 * Hostile and malformed input across every documented route and every request subject: no 5xx, no
 * process exits, and nothing changes when a request is refused. `FUZZ_RUNS` sets how many requests
 * each phase sends (`npm run test:fuzz` sends 10,000; `npm test` a bounded number).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 400);
const apps: AppName[] = ['configurator', 'suppliers', 'scheduling', 'orders', 'gateway'];
const requestGroups = { ConfiguratorRequests, OrdersRequests, SchedulingRequests, SuppliersRequests };
const subjects = Object.values(requestGroups).flatMap((group) => Object.values(group).map((contract) => contract.subject));

/** Text that has hurt servers: control characters, huge numbers as text, path tricks, long runs, unicode. */
const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\uFFFF',
    '😀',
    'NaN',
    '-1',
    '1e309',
    '__proto__',
    'constructor',
    "'; DROP TABLE x; --",
  ),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'a'.repeat(n)),
);
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(nastyText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 }),
  fc.integer({ min: 100, max: 3_000 }).map((depth) => nest(depth)),
  fc
    .integer({ min: 1_000, max: 6_000 })
    .map((n) => ({ selections: Object.fromEntries(Array.from({ length: n }, (_, i) => [`unknown${i}`, i])) })),
  fc.constantFrom(
    { __proto__: { admin: true } },
    { constructor: { prototype: {} } },
    { lines: [] },
    { selections: null },
    { quantity: -1 },
  ),
);

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

interface Route {
  method: string;
  path: string;
}

describe('hostile input on every route and every request subject', () => {
  const namespace = testNamespace('hostile');
  let system: RunningSystem;
  let nc: NatsConnection;
  let routes: Route[];
  let principals: Record<string, ApiClient>;
  let knownIds: string[];

  beforeAll(async () => {
    system = await startSystem(namespace, { RATE_LIMIT_PER_MINUTE: '1000000' });
    const api = new ApiClient(system.baseUrl);
    const operator = api.as(system.adminToken);
    const { suppliers, customers } = await onboardNetwork(api, operator);
    principals = {
      none: api,
      garbage: api.as('atl_not-a-token'),
      operator,
      customer: customers[0].client,
      supplier: suppliers[0].client,
    };
    knownIds = [suppliers[0].id, suppliers[0].factoryId, customers[0].id, 'bicycle'];
    const document = expectStatus(await api.get('/docs/openapi.json'), 200);
    routes = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
    );
    nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  });

  afterAll(async () => {
    await nc?.drain();
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  const pathParam = () =>
    fc.oneof(
      fc.constantFrom(...knownIds),
      fc.uuid(),
      nastyText.filter((t) => t.length > 0),
    );

  function fill(path: string, values: string[]): string {
    let i = 0;
    return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++ % values.length]));
  }

  async function send(
    route: Route,
    principal: string,
    pathValues: string[],
    query: Record<string, string>,
    body: unknown,
  ): Promise<Answer> {
    const search = new URLSearchParams(query).toString();
    const url = `${fill(route.path, pathValues)}${search ? `?${search}` : ''}`;
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    return principals[principal].call(route.method, url, hasBody ? JSON.stringify(body) : undefined, {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      'idempotency-key': randomUUID(),
    });
  }

  it('answers every hostile HTTP request with a clear 4xx or a success, never 5xx, and no app exits', () =>
    withAppOutput(system, async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.constantFrom('none', 'garbage', 'operator', 'customer', 'supplier'),
          fc.array(pathParam(), { minLength: 1, maxLength: 2 }),
          fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'version', 'factoryId', 'from', 'to'), nastyText, {
            maxKeys: 3,
          }),
          nastyJson,
          async (route, principal, pathValues, query, body) => {
            const answer = await send(route, principal, pathValues, query, body);
            seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500) {
              throw new Error(
                `${route.method} ${route.path} as ${principal} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
              );
            }
            // Node's HTTP parser itself answers 431 (headers or URL too long) before any of our code runs, without a body.
            if (answer.status >= 400 && answer.status !== 431) {
              expect(answer.body).toEqual({
                error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
              });
            }
          },
        ),
        { numRuns: runs },
      );
      expect([...seen.keys()].some((status) => status >= 400)).toBe(true);
      await expectEveryAppAlive();
    }));

  it('answers every malformed message on every request subject with a typed error, never INTERNAL or silence', () =>
    withAppOutput(system, async () => {
      const ns = new Namespace(namespace);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...subjects),
          fc.oneof(
            nastyJson.map((json) => new TextEncoder().encode(JSON.stringify(json) ?? 'null')),
            fc.uint8Array({ maxLength: 200 }),
          ),
          async (subject, payload) => {
            const reply = await nc.request(ns.subject(subject), payload, { timeout: 15_000 });
            const answer = JSON.parse(new TextDecoder().decode(reply.data));
            if (!answer.ok && answer.error.code === 'INTERNAL') {
              throw new Error(`${subject} answered INTERNAL to ${new TextDecoder().decode(payload).slice(0, 200)}`);
            }
          },
        ),
        { numRuns: runs },
      );
      await expectEveryAppAlive();
    }));

  it('changes nothing when it refuses a request', () =>
    withAppOutput(system, async () => {
      const before = await settledRowCounts();
      const ns = new Namespace(namespace);
      const notAnObject = fc.oneof(
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
        fc.string(),
        fc.integer(),
        fc.constant(null),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes.filter((r) => r.method !== 'GET')),
          fc.constantFrom('none', 'garbage', 'operator', 'customer', 'supplier'),
          fc.array(fc.uuid(), { minLength: 1, maxLength: 2 }),
          notAnObject,
          async (route, principal, unknownIds, body) => {
            const answer = await send(route, principal, unknownIds, {}, body);
            expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(answer.status).toBeLessThan(500);
          },
        ),
        { numRuns: Math.ceil(runs / 2) },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...subjects), notAnObject, async (subject, payload) => {
          const reply = await nc.request(ns.subject(subject), new TextEncoder().encode(JSON.stringify(payload)), {
            timeout: 15_000,
          });
          expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION_FAILED' },
          });
        }),
        { numRuns: Math.ceil(runs / 2) },
      );
      expect(await settledRowCounts()).toEqual(before);
    }));

  async function expectEveryAppAlive(): Promise<void> {
    expect(system.output.filter((line) => / exited with /.test(line))).toEqual([]);
    for (const app of apps) expect(await system.isReady(app)).toBe(true);
  }

  /** Row counts once background work from earlier requests (events being handled) has settled. */
  async function settledRowCounts(): Promise<Record<string, number>> {
    let previous = JSON.stringify(await rowCounts());
    return waitFor(
      'row counts to settle',
      async () => {
        const current = await rowCounts();
        const same = JSON.stringify(current) === previous;
        previous = JSON.stringify(current);
        return same ? current : null;
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
  }

  /** Rows in every table of every schema of this namespace, migrations aside. */
  async function rowCounts(): Promise<Record<string, number>> {
    const db = new Client({ connectionString: testDatabaseUrl });
    await db.connect();
    try {
      const { rows: tables } = await db.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables
         WHERE table_schema LIKE $1 AND table_type = 'BASE TABLE' AND table_name <> 'migrations'`,
        [`${new Namespace(namespace).schemaPrefix()}%`],
      );
      const counts: Record<string, number> = {};
      for (const { table_schema, table_name } of tables) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${table_schema}"."${table_name}"`);
        counts[`${table_schema}.${table_name}`] = rows[0].n;
      }
      expect(Object.keys(counts).length).toBeGreaterThan(5);
      return counts;
    } finally {
      await db.end();
    }
  }
});
