import { connect, type NatsConnection } from '@nats-io/transport-node';
import { cleanUpNamespace, EventRecorder, testNamespace, testNatsUrl, waitFor } from '@atelier/testing';
import { ApiClient, expectStatus } from './support/http';
import { jobsOf, onboardNetwork, playSuppliersOnce, shippingAddress } from './support/network';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

describe('one order from configuration to shipment, through the HTTP API alone', () => {
  const namespace = testNamespace('e2e');
  let system: RunningSystem;
  let api: ApiClient;
  let operator: ApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    system = await startSystem(namespace, { OFFER_TIMEOUT_SECONDS: '3600' });
    api = new ApiClient(system.baseUrl);
    operator = api.as(system.adminToken);
    nc = await connect({ servers: testNatsUrl });
  });

  afterAll(async () => {
    await nc?.drain();
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('takes an order to shipped, cancels another before production, and keeps each party to its own', () =>
    withAppOutput(system, async () => {
      const { suppliers, customers } = await onboardNetwork(api, operator);
      const [ada, brian] = customers;

      // The operator's creates are safe to repeat with an Idempotency-Key: the same customer, a working token.
      const carol = expectStatus(
        await operator.post('/v1/admin/customers', { name: 'Carol' }, { 'Idempotency-Key': 'carol-1' }),
        201,
      );
      expect((await api.as(carol.token).get('/v1/orders')).status).toBe(200); // now remembered by the gateway
      const carolAgain = expectStatus(
        await operator.post('/v1/admin/customers', { name: 'Carol' }, { 'Idempotency-Key': 'carol-1' }),
        201,
      );
      expect(carolAgain.id).toBe(carol.id);
      expect((await api.as(carolAgain.token).get('/v1/orders')).status).toBe(200);
      // The lost answer's token was revoked by suppliers: the gateway forgets it on token.revoked, long before its cache would.
      await waitFor("Carol's first token refused", async () => (await api.as(carol.token).get('/v1/orders')).status === 401, {
        timeoutMs: 5_000,
      });
      // A token the operator revokes through the gateway is refused from the answer on.
      expectStatus(await operator.call('DELETE', `/v1/admin/tokens/${carolAgain.tokenId}`), 200);
      expect((await api.as(carolAgain.token).get('/v1/orders')).status).toBe(401);
      expect((await operator.post('/v1/admin/customers', { name: 'Caroline' }, { 'Idempotency-Key': 'carol-1' })).status).toBe(
        409,
      );

      // A subscriber on ORDERS from its first message, created before anything happens.
      const orderEvents = await EventRecorder.start(nc, namespace, 'ORDERS');

      // Configure: the defaults complete a valid configuration.
      const configured = expectStatus(await ada.client.post('/v1/products/bicycle/configure', { selections: {} }), 200);
      const selections = configured.defaults;
      const checked = expectStatus(await ada.client.post('/v1/products/bicycle/configure', { selections }), 200);
      expect(checked).toMatchObject({ valid: true, complete: true, conflicts: [] });

      const line = { productId: 'bicycle', selections, quantity: 1 };
      const quote = expectStatus(await ada.client.post('/v1/quotes', { lines: [line] }), 200);
      expect(quote.total.currency).toBe('EUR');

      // Place exactly once per idempotency key.
      const body = { lines: [line], shippingAddress, quoteId: quote.id };
      const placed = expectStatus(await ada.client.post('/v1/orders', body, { 'Idempotency-Key': 'ada-1' }), 201);
      const again = expectStatus(await ada.client.post('/v1/orders', body, { 'Idempotency-Key': 'ada-1' }), 200);
      expect(again.id).toBe(placed.id);
      expect(placed.total).toEqual(quote.total);
      const otherBody = { ...body, lines: [{ ...line, quantity: 2 }] };
      expect((await ada.client.post('/v1/orders', otherBody, { 'Idempotency-Key': 'ada-1' })).status).toBe(409);

      // A customer never sees another's order; nobody sees anything without a token.
      expect((await brian.client.get(`/v1/orders/${placed.id}`)).status).toBe(404);
      expect((await api.get(`/v1/orders/${placed.id}`)).status).toBe(401);

      const scheduled = await waitFor(
        'the order to be scheduled',
        async () => {
          const order = expectStatus(await ada.client.get(`/v1/orders/${placed.id}`), 200);
          return order.status === 'scheduled' ? order : null;
        },
        { timeoutMs: 30_000 },
      );
      expect(scheduled.promisedDate).toEqual(expect.any(String));

      // A supplier sees only its own jobs. The first offer is rejected and re-planned at the other supplier.
      const [firstOffer, owner] = await waitFor('a first offer', async () => {
        for (const supplier of suppliers) {
          const offers = await jobsOf(supplier, placed.id, 'offered');
          if (offers.length > 0) return [offers[0], supplier] as const;
        }
        return null;
      });
      const other = suppliers.find((s) => s !== owner)!;
      // The list leaves the configuration and BOM to the job itself.
      expect(firstOffer).toMatchObject({ productId: 'bicycle', version: 1, offerDeadline: expect.any(String) });
      expect(firstOffer).not.toHaveProperty('selections');
      const offered = expectStatus(await owner.client.get(`/v1/supplier/jobs/${firstOffer.jobId}`), 200);
      expect(offered).toMatchObject({ selections, bom: expect.any(Array) });
      expect((await other.client.get(`/v1/supplier/jobs/${firstOffer.jobId}`)).status).toBe(404);
      expect((await other.client.post(`/v1/supplier/jobs/${firstOffer.jobId}/accept`)).status).toBe(404);
      expectStatus(
        await owner.client.post(`/v1/supplier/jobs/${firstOffer.jobId}/reject`, { reason: 'no capacity this week' }),
        200,
      );
      await waitFor('the rejected operation to be offered to the other supplier', async () => {
        const offers = await jobsOf(other, placed.id, 'offered');
        return offers.find((o: { operationId: string }) => o.operationId === firstOffer.operationId) ?? null;
      });

      // The suppliers accept, start and complete every job, then ship the last operation. Suppliers
      // take them in turn: one may ship the last operation before another has reported an earlier
      // one complete (nothing makes it wait), so the order can be shipped a moment before its
      // progress says 100 %: wait for both.
      const shipped = await waitFor(
        'the order to ship with every operation complete',
        async () => {
          await playSuppliersOnce(suppliers, placed.id);
          const order = expectStatus(await ada.client.get(`/v1/orders/${placed.id}`), 200);
          return order.status === 'shipped' && order.lines[0].progress.percent === 100 ? order : null;
        },
        { timeoutMs: 60_000, intervalMs: 300 },
      );
      expect(shipped.lines[0].progress.percent).toBe(100);
      expect(shipped.timeline.map((t: { type: string }) => t.type)).toEqual(
        expect.arrayContaining(['placed', 'confirmed', 'scheduled', 'shipped']),
      );
      expect((await ada.client.post(`/v1/orders/${placed.id}/cancel`, {})).status).toBe(409);

      // A second order is cancelled before production: its offers are withdrawn.
      const second = expectStatus(await ada.client.post('/v1/orders', body, { 'Idempotency-Key': 'ada-2' }), 201);
      await waitFor('the second order to be offered', async () => {
        for (const supplier of suppliers) if ((await jobsOf(supplier, second.id, 'offered')).length > 0) return true;
        return false;
      });
      const cancelled = expectStatus(await ada.client.post(`/v1/orders/${second.id}/cancel`, { reason: 'changed my mind' }), 200);
      expect(cancelled.status).toBe('cancelled');
      await waitFor('every offer of the cancelled order to be withdrawn', async () => {
        const all: Array<{ status: string }> = [];
        for (const supplier of suppliers) all.push(...(await jobsOf(supplier, second.id)));
        return all.length > 0 && all.every((j) => j.status === 'cancelled');
      });

      // The stream, read from its first message, tells the first order's story in order.
      const story = await waitFor('the shipped event on the ORDERS stream', () => {
        const mine = orderEvents.events.filter((e) => e.aggregateId === placed.id);
        return mine.some((e) => e.type === 'order.shipped') ? mine : null;
      });
      const milestones = story.map((e) => e.type).filter((t) => t !== 'order.promise-changed');
      expect(milestones).toEqual(['order.placed', 'order.confirmed', 'order.scheduled', 'order.in-production', 'order.shipped']);
      const versions = story.map((e) => e.aggregateVersion);
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
      await orderEvents.stop();

      // Every list is a page of summaries: follow nextCursor; a limit over 100 or a made-up cursor is 400.
      const newest = expectStatus(await ada.client.get('/v1/orders?limit=1'), 200);
      expect(newest.items.map((o: { id: string }) => o.id)).toEqual([second.id]);
      const older = expectStatus(await ada.client.get(`/v1/orders?limit=1&cursor=${newest.nextCursor}`), 200);
      expect(older).toMatchObject({ items: [{ id: placed.id, status: 'shipped', lineCount: 1 }], nextCursor: null });
      expect(older.items[0]).not.toHaveProperty('timeline');
      for (const path of ['/v1/orders?limit=101', '/v1/orders?limit=0', '/v1/orders?cursor=forged']) {
        expect((await ada.client.get(path)).status).toBe(400);
      }
      for (const path of [
        '/v1/supplier/jobs?limit=101',
        '/v1/supplier/jobs?cursor=forged',
        '/v1/supplier/factories?cursor=forged',
      ]) {
        expect((await owner.client.get(path)).status).toBe(400);
      }

      const done: Array<{ orderId: string; status: string }> = [];
      let cursor: string | null = null;
      do {
        const page = expectStatus(
          await operator.get(`/v1/admin/schedule?status=completed&limit=2${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        done.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(done.filter((o) => o.orderId === placed.id).length).toBeGreaterThan(2);
      expect(done.every((o) => o.status === 'completed')).toBe(true);
      const open = expectStatus(await operator.get('/v1/admin/schedule'), 200);
      expect(open.items.filter((o: { orderId: string }) => o.orderId === placed.id)).toEqual([]);
      for (const query of ['limit=101', 'cursor=forged', 'status=finished', 'from=yesterday']) {
        expect((await operator.get(`/v1/admin/schedule?${query}`)).status).toBe(400);
      }

      const suppliersPage = expectStatus(await operator.get('/v1/admin/suppliers?limit=100'), 200);
      expect(suppliersPage.items.find((s: { id: string }) => s.id === owner.id)).toMatchObject({
        factoryCount: 1,
        factories: [{ id: owner.factoryId, capabilities: expect.any(Array) }],
      });
      const factories = expectStatus(await owner.client.get('/v1/supplier/factories'), 200);
      expect(factories).toMatchObject({ items: [{ id: owner.factoryId }], nextCursor: null });
      expect(factories.items[0]).not.toHaveProperty('calendar');
      expect(expectStatus(await owner.client.get(`/v1/supplier/factories/${owner.factoryId}`), 200)).toMatchObject({
        id: owner.factoryId,
        calendar: { workingHours: [], closures: [] },
      });
      expect((await other.client.get(`/v1/supplier/factories/${owner.factoryId}`)).status).toBe(404);
      const ofOwner = expectStatus(await operator.get(`/v1/admin/suppliers/${owner.id}/factories?limit=5`), 200);
      expect(ofOwner.items.map((f: { id: string }) => f.id)).toEqual([owner.factoryId]);
    }));
});
