import { cleanUpNamespace, testNamespace, waitFor } from '@atelier/testing';
import { ApiClient, expectStatus } from './support/http';
import { hasSeries, sampleValue } from './support/metrics';
import { jobsOf, onboardNetwork, shippingAddress } from './support/network';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

/** What an operator reads of a running system: each app's metrics on its management port, and the queue board. */
describe('operations: metrics and the queue board', () => {
  const namespace = testNamespace('ops');
  let system: RunningSystem;
  let api: ApiClient;
  let operator: ApiClient;

  beforeAll(async () => {
    system = await startSystem(namespace, { OFFER_TIMEOUT_SECONDS: '3600' });
    api = new ApiClient(system.baseUrl);
    operator = api.as(system.adminToken);
  });

  afterAll(async () => {
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('counts requests, events, orders and queued offer deadlines as an order goes through', () =>
    withAppOutput(system, async () => {
      const { suppliers, customers } = await onboardNetwork(api, operator);
      const before = await system.scrape('orders');
      const placedBefore = sampleValue(before, 'atelier_nats_request_duration_seconds_count', {
        subject: 'orders.place',
        outcome: 'ok',
      });

      const { defaults: selections } = expectStatus(
        await customers[0].client.post('/v1/products/bicycle/configure', { selections: {} }),
        200,
      );
      const body = { lines: [{ productId: 'bicycle', selections, quantity: 1 }], shippingAddress };
      const placed = expectStatus(await customers[0].client.post('/v1/orders', body, { 'Idempotency-Key': 'ops-1' }), 201);
      // A refused placement is counted under its error code.
      expect((await customers[0].client.post('/v1/orders', { ...body, lines: [] }, { 'Idempotency-Key': 'ops-2' })).status).toBe(
        400,
      );

      const orders = await system.scrape('orders');
      expect(sampleValue(orders, 'atelier_nats_request_duration_seconds_count', { subject: 'orders.place', outcome: 'ok' })).toBe(
        placedBefore + 1,
      );
      expect(sampleValue(orders, 'atelier_orders', { status: 'cancelled' })).toBe(0);
      expect(hasSeries(orders, 'atelier_outbox_unpublished', { service: 'orders', app: 'orders' })).toBe(true);
      // The gateway asked, and timed, what it asked.
      const gateway = await system.scrape('gateway');
      expect(
        sampleValue(gateway, 'atelier_nats_client_request_duration_seconds_count', { subject: 'orders.place', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(1);

      // Once every job is offered: scheduling handled the order's events, suppliers hold one deadline per offer.
      const offered = await waitFor(
        'the order to be scheduled and its jobs offered',
        async () => {
          const order = expectStatus(await customers[0].client.get(`/v1/orders/${placed.id}`), 200);
          if (order.status !== 'scheduled') return null;
          const jobs = (await Promise.all(suppliers.map((supplier) => jobsOf(supplier, placed.id, 'offered')))).flat();
          return jobs.length > 0 ? jobs : null;
        },
        { timeoutMs: 60_000 },
      );
      const scheduling = await system.scrape('scheduling');
      expect(
        sampleValue(scheduling, 'atelier_events_handled_total', { consumer: 'scheduling-order-planning' }),
      ).toBeGreaterThanOrEqual(1);
      expect(hasSeries(scheduling, 'atelier_consumer_pending', { consumer: 'scheduling-order-planning' })).toBe(true);
      expect(sampleValue(scheduling, 'atelier_plan_size', { kind: 'orders' })).toBeGreaterThanOrEqual(1);
      expect(
        sampleValue(scheduling, 'atelier_nats_request_duration_seconds_count', { subject: 'scheduling.quote' }),
      ).toBeGreaterThanOrEqual(1);
      expect(hasSeries(scheduling, 'atelier_queue_jobs', { queue: 'scheduling-planning', state: 'waiting' })).toBe(true);

      await waitFor(
        'the offer deadlines to be queued in suppliers',
        async () =>
          sampleValue(await system.scrape('suppliers'), 'atelier_queue_jobs', { queue: 'offer-deadlines', state: 'delayed' }) >=
          offered.length,
        { timeoutMs: 15_000 },
      );
      await waitFor(
        'the order to be counted as scheduled',
        async () => sampleValue(await system.scrape('orders'), 'atelier_orders', { status: 'scheduled' }) === 1,
        { timeoutMs: 15_000 },
      );
      // And the outbox of every app drained.
      for (const app of ['orders', 'scheduling', 'suppliers'] as const) {
        await waitFor(
          `${app}'s outbox to drain`,
          async () => sampleValue(await system.scrape(app), 'atelier_outbox_unpublished', { service: app }) === 0,
          {
            timeoutMs: 15_000,
          },
        );
      }
    }));

  it('prices quotes and orders in orders once it holds their version, to the cent what the configurator answers', () =>
    withAppOutput(system, async () => {
      const { customers } = await onboardNetwork(api, operator);
      const customer = customers[0].client;
      const configured = expectStatus(await customer.post('/v1/products/bicycle/configure', { selections: {} }), 200);
      const lines = [{ productId: 'bicycle', version: configured.version, selections: configured.defaults, quantity: 3 }];
      const priced = async (where: 'orders' | 'configurator') =>
        sampleValue(await system.scrape('orders'), 'atelier_orders_pricing_total', { where });
      const comparable = (line: Record<string, unknown>) => {
        const { productId, version, selections, quantity, unitPrice, lineTotal, bom, routing } = line;
        return { productId, version, selections, quantity, unitPrice, lineTotal, bom, routing };
      };

      // This version was never priced here: the configurator prices it, and orders fetches it meanwhile.
      const byConfigurator = await priced('configurator');
      const first = expectStatus(await customer.post('/v1/quotes', { lines }), 200);
      expect(await priced('configurator')).toBe(byConfigurator + 1);

      const here = await waitFor('a quote priced in orders', async () => {
        const before = await priced('orders');
        const quote = expectStatus(await customer.post('/v1/quotes', { lines }), 200);
        return (await priced('orders')) > before ? quote : null;
      });
      expect(here.total).toEqual(first.total);
      expect(here.lines.map(comparable)).toEqual(first.lines.map(comparable));

      // An order of the same lines is priced here too, at the quoted price.
      const before = await priced('orders');
      const placed = expectStatus(
        await customer.post('/v1/orders', { lines, shippingAddress }, { 'Idempotency-Key': 'ops-held-1' }),
        201,
      );
      expect(placed.total).toEqual(first.total);
      expect(await priced('orders')).toBe(before + 1);

      // What is not a valid configuration is still the configurator's to refuse, in its words.
      const pricedHere = await priced('orders');
      const invalid = [{ ...lines[0], selections: { ...configured.defaults, usage: 'mountain' } }];
      const refused = await customer.post('/v1/quotes', { lines: invalid });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ line: 0, path: 'selections.usage' }] });
      expect(await priced('orders')).toBe(pricedHere);

      // With the configurator gone, what orders holds is still quoted and ordered; the rest is clearly unavailable.
      await system.kill('configurator');
      try {
        const quoted = expectStatus(await customer.post('/v1/quotes', { lines }), 200);
        expect(quoted.total).toEqual(first.total);
        const suit = { productId: 'suit', selections: {}, quantity: 1 };
        expect((await customer.post('/v1/quotes', { lines: [suit] })).status).toBe(503);
      } finally {
        await system.restart('configurator');
      }
    }));

  it('serves metrics and readiness details only on the management port, never on the public one', () =>
    withAppOutput(system, async () => {
      for (const client of [api, operator]) {
        expect((await client.get('/metrics')).status).toBe(404);
        expect(await client.get('/health/ready')).toEqual({ status: 200, body: { status: 'ok' } });
      }
      const management = new ApiClient(system.managementUrl('orders'));
      expect((await management.get('/health/ready')).body.checks).toEqual([
        { name: 'database', status: 'up' },
        { name: 'nats', status: 'up' },
      ]);
    }));

  it('shows the queue board to the operator only', () =>
    withAppOutput(system, async () => {
      const customer = expectStatus(await operator.post('/v1/admin/customers', { name: 'Eve' }), 201);
      const supplier = expectStatus(await operator.post('/v1/admin/suppliers', { name: 'Mallory works' }), 201);
      expect((await api.get('/admin/queues')).status).toBe(401);
      // Any token but the operator's is refused without asking suppliers who it is.
      expect((await api.as('not-a-token-anyone-issued').get('/admin/queues')).status).toBe(403);
      expect((await api.as(customer.token).get('/admin/queues')).status).toBe(403);
      expect((await api.as(supplier.token).get('/admin/queues/api/queues')).status).toBe(403);

      const page = await operator.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(String(page.body)).toContain('<html');
      const queues = expectStatus(await operator.get('/admin/queues/api/queues'), 200);
      expect(queues.queues.map((queue: { name: string }) => queue.name).sort()).toEqual([
        'offer-deadlines',
        'scheduling-planning',
      ]);
      // Read-only: the board offers nothing that changes a queue.
      expect(queues.queues.every((queue: { readOnlyMode: boolean }) => queue.readOnlyMode)).toBe(true);
      expect((await operator.call('PUT', '/admin/queues/api/queues/offer-deadlines/pause')).status).toBeGreaterThanOrEqual(400);
    }));
});
