import { cleanUpNamespace, testNamespace, waitFor } from '@atelier/testing';
import { createHash, randomUUID } from 'node:crypto';
import { ApiClient, expectStatus } from './support/http';
import { jobsOf, onboardNetwork, shippingAddress } from './support/network';
import { startSystem, withAppOutput, type AppName, type RunningSystem } from './support/system';

const apps: AppName[] = ['gateway', 'orders', 'configurator', 'scheduling', 'suppliers'];

interface LogLine {
  app: AppName;
  level: string;
  msg: string;
  correlationId?: string;
  orderId?: string;
  [field: string]: unknown;
}

/** The apps' output as `[app] {json}` lines, parsed; whatever is not a JSON log line is returned apart. */
function logLines(output: string[]): { lines: LogLine[]; other: string[] } {
  const lines: LogLine[] = [];
  const other: string[] = [];
  for (const entry of output) {
    const match = /^\[(\w+)\] (.*)$/.exec(entry);
    try {
      const parsed = JSON.parse(match![2]);
      if (typeof parsed.level !== 'string' || typeof parsed.time !== 'string' || parsed.service !== match![1])
        throw new Error('not a log line');
      lines.push({ ...parsed, app: match![1] as AppName });
    } catch {
      other.push(entry);
    }
  }
  return { lines, other };
}

describe('structured logs: one order followed through the five apps by its correlation id', () => {
  const namespace = testNamespace('e2e-logs');
  let system: RunningSystem;
  let api: ApiClient;
  let operator: ApiClient;

  beforeAll(async () => {
    // Per-message lines (a request answered, an event handled) are at debug.
    system = await startSystem(namespace, { LOG_LEVEL: 'debug', OFFER_TIMEOUT_SECONDS: '3600' });
    api = new ApiClient(system.baseUrl);
    operator = api.as(system.adminToken);
  });

  afterAll(async () => {
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('tags every app’s work for the order with its correlation and order ids, and never logs tokens or the address', () =>
    withAppOutput(system, async () => {
      const { suppliers, customers } = await onboardNetwork(api, operator);
      const [ada] = customers;
      const configured = expectStatus(await ada.client.post('/v1/products/bicycle/configure', { selections: {} }), 200);
      const line = { productId: 'bicycle', selections: configured.defaults, quantity: 1 };

      const correlationId = `checkout-${randomUUID()}`;
      const placing = await fetch(`${system.baseUrl}/v1/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ada.token}`,
          'content-type': 'application/json',
          'idempotency-key': 'logs-1',
          'x-correlation-id': correlationId,
        },
        body: JSON.stringify({ lines: [line], shippingAddress }),
      });
      expect(placing.status).toBe(201);
      expect(placing.headers.get('x-correlation-id')).toBe(correlationId);
      const order = (await placing.json()) as { id: string };
      // A request without one (or with one that is not a short printable id) is given one, and told which.
      for (const refused of [undefined, 'not an id']) {
        const unnamed = await fetch(`${system.baseUrl}/v1/orders/${order.id}`, {
          headers: { authorization: `Bearer ${ada.token}`, ...(refused ? { 'x-correlation-id': refused } : {}) },
        });
        expect(unnamed.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }

      await waitFor('a job of the order to be offered', async () => {
        for (const supplier of suppliers) if ((await jobsOf(supplier, order.id, 'offered')).length > 0) return true;
        return false;
      });

      // Each app's part: the gateway's request, orders' placement, the configurator's pricing,
      // scheduling's promise and planning, the suppliers' offer. Lines are written as the work is done.
      const forTheOrder = await waitFor(
        'a line of work for the order from every app',
        () => {
          const mine = logLines(system.output).lines.filter((l) => l.correlationId === correlationId && l.orderId === order.id);
          return apps.every((app) => mine.some((l) => l.app === app)) ? mine : null;
        },
        { timeoutMs: 15_000 },
      );
      expect(forTheOrder).toContainEqual(
        expect.objectContaining({ app: 'gateway', req: { method: 'POST', url: '/v1/orders' }, res: { statusCode: 201 } }),
      );
      const said = (app: AppName) => forTheOrder.filter((l) => l.app === app).map((l) => l.msg);
      expect(said('orders')).toContainEqual(expect.stringMatching(/^orders\.place answered ok/));
      expect(said('configurator')).toContainEqual(expect.stringMatching(/^configurator\.lines\.price answered ok/));
      expect(said('scheduling')).toContainEqual(expect.stringMatching(/handled order\.confirmed/));
      expect(said('suppliers')).toContainEqual(expect.stringMatching(/handled job\.offered/));

      // Production output is JSON lines, one object each.
      const { lines, other } = logLines(system.output);
      expect(other.filter((entry) => !/ exited with /.test(entry))).toEqual([]);

      // Nothing secret in any line: bearer tokens, their stored hashes, the customer's address.
      const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
      const tokens = [ada.token, ...suppliers.map((s) => s.token), system.adminToken];
      const secrets = [...tokens, ...tokens.map(sha256), shippingAddress.street, shippingAddress.name];
      const everything = system.output.join('\n');
      for (const secret of secrets) expect(everything.includes(secret) ? secret : null).toBeNull();
      expect(lines.length).toBeGreaterThan(forTheOrder.length);
    }));
});
