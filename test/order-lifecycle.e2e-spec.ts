import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { sampleModels } from '@atelier/configurator-engine';
import { cleanUpNamespace, testNamespace, testNatsUrl, waitFor } from '@atelier/testing';
import { ApiClient, expectStatus } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

const capabilities = ['cutting', 'welding', 'painting', 'assembly', 'sewing', 'cnc-milling', 'finishing', 'packaging'];
const alwaysOpen = { workingHours: [], closures: [] };
const address = { name: 'Ada Customer', street: '1 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' };

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

  /** On failure, show what the apps said last: the test's own message rarely tells why a service went quiet. */
  async function withAppOutput(scenario: () => Promise<void>) {
    try {
      await scenario();
    } catch (error) {
      (error as Error).message += `\n--- last app output ---\n${system.output.slice(-60).join('\n')}`;
      throw error;
    }
  }

  async function onboard() {
    const bicycle = sampleModels.find((m) => m.id === 'bicycle')!;
    expectStatus(await operator.post('/v1/admin/product-models', bicycle), 201);
    const suppliers = [];
    for (const name of ['Atelier Nord', 'Atelier Sud']) {
      const supplier = expectStatus(await operator.post('/v1/admin/suppliers', { name }), 201);
      const factory = expectStatus(
        await operator.post(`/v1/admin/suppliers/${supplier.id}/factories`, {
          name: `${name} works`,
          timeZone: 'Europe/Paris',
          calendar: alwaysOpen,
          capabilities: capabilities.map((capability) => ({ capability, workCentres: 1, speedFactor: 1 })),
        }),
        201,
      );
      suppliers.push({ ...supplier, factoryId: factory.id, client: api.as(supplier.token) });
    }
    const customers = [];
    for (const name of ['Ada', 'Brian']) {
      const customer = expectStatus(await operator.post('/v1/admin/customers', { name }), 201);
      customers.push({ ...customer, client: api.as(customer.token) });
    }
    return { suppliers, customers };
  }

  it('takes an order to shipped, cancels another before production, and keeps each party to its own', () =>
    withAppOutput(async () => {
      const { suppliers, customers } = await onboard();
      const [ada, brian] = customers;

      // A subscriber on ORDERS from its first message, created before anything happens.
      const js = jetstream(nc);
      const orderEvents = await js.consumers.get(`${namespace.toUpperCase()}_ORDERS`);
      const seenEvents: Array<{ type: string; aggregateId: string; aggregateVersion: number }> = [];
      const stream = await orderEvents.consume();
      void (async () => {
        for await (const m of stream) seenEvents.push(m.json<(typeof seenEvents)[number]>());
      })();

      // Configure: the defaults complete a valid configuration.
      const configured = expectStatus(await ada.client.post('/v1/products/bicycle/configure', { selections: {} }), 200);
      const selections = configured.defaults;
      const checked = expectStatus(await ada.client.post('/v1/products/bicycle/configure', { selections }), 200);
      expect(checked).toMatchObject({ valid: true, complete: true, conflicts: [] });

      const line = { productId: 'bicycle', selections, quantity: 1 };
      const quote = expectStatus(await ada.client.post('/v1/quotes', { lines: [line] }), 200);
      expect(quote.total.currency).toBe('EUR');

      // Place exactly once per idempotency key.
      const body = { lines: [line], shippingAddress: address, quoteId: quote.id };
      const placed = expectStatus(await ada.client.post('/v1/orders', body, { 'Idempotency-Key': 'ada-1' }), 201);
      const again = expectStatus(await ada.client.post('/v1/orders', body, { 'Idempotency-Key': 'ada-1' }), 200);
      expect(again.id).toBe(placed.id);
      expect(placed.total).toEqual(quote.total);
      const reused = await ada.client.post(
        '/v1/orders',
        { ...body, lines: [{ ...line, quantity: 2 }] },
        { 'Idempotency-Key': 'ada-1' },
      );
      expect(reused.status).toBe(409);

      // A customer never sees another's order.
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
      const offersOf = async (supplier: (typeof suppliers)[number], status: string) =>
        expectStatus(await supplier.client.get(`/v1/supplier/jobs?status=${status}&limit=100`), 200).items.filter(
          (job: { orderId: string }) => job.orderId === placed.id,
        );
      const [firstOffer, owner] = await waitFor('a first offer', async () => {
        for (const supplier of suppliers) {
          const offers = await offersOf(supplier, 'offered');
          if (offers.length > 0) return [offers[0], supplier] as const;
        }
        return null;
      });
      const other = suppliers.find((s) => s !== owner)!;
      expect((await other.client.get(`/v1/supplier/jobs/${firstOffer.id ?? firstOffer.jobId}`)).status).toBe(404);
      const jobId = firstOffer.jobId;
      expect((await other.client.post(`/v1/supplier/jobs/${jobId}/accept`)).status).toBe(404);
      expect(firstOffer).toMatchObject({ productId: 'bicycle', version: 1, selections, offerDeadline: expect.any(String) });
      expectStatus(await owner.client.post(`/v1/supplier/jobs/${jobId}/reject`, { reason: 'no capacity this week' }), 200);
      await waitFor('the rejected operation to be offered to the other supplier', async () => {
        const offers = await offersOf(other, 'offered');
        return offers.find((o: { operationId: string }) => o.operationId === firstOffer.operationId) ?? null;
      });

      // The suppliers accept, start and complete every job in routing order, then ship the last one.
      const shipped = await waitFor(
        'the order to ship',
        async () => {
          for (const supplier of suppliers) {
            for (const job of await offersOf(supplier, 'offered'))
              await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/accept`);
            for (const job of await offersOf(supplier, 'accepted'))
              await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/start`);
            for (const job of await offersOf(supplier, 'in_progress')) {
              await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/progress`, { percent: 50 });
              await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/complete`, { goodQuantity: job.quantity });
            }
            const last = (await offersOf(supplier, 'completed')).filter((j: { isLastOperation: boolean }) => j.isLastOperation);
            if (last.length > 0 && !last.every((j: { shipped?: boolean }) => j.shipped)) {
              await supplier.client.post('/v1/supplier/shipments', {
                jobIds: last.map((j: { jobId: string }) => j.jobId),
                carrier: 'DHL',
                trackingNumber: `TRACK-${placed.id.slice(0, 8)}`,
              });
            }
          }
          const order = expectStatus(await ada.client.get(`/v1/orders/${placed.id}`), 200);
          return order.status === 'shipped' ? order : null;
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
        for (const supplier of suppliers) {
          const offers = expectStatus(await supplier.client.get('/v1/supplier/jobs?status=offered&limit=100'), 200).items;
          if (offers.some((j: { orderId: string }) => j.orderId === second.id)) return true;
        }
        return false;
      });
      const cancelled = expectStatus(await ada.client.post(`/v1/orders/${second.id}/cancel`, { reason: 'changed my mind' }), 200);
      expect(cancelled.status).toBe('cancelled');
      await waitFor('every offer of the cancelled order to be withdrawn', async () => {
        let all: Array<{ status: string }> = [];
        for (const supplier of suppliers) {
          const items = expectStatus(await supplier.client.get('/v1/supplier/jobs?limit=100'), 200).items;
          all = all.concat(items.filter((j: { orderId: string }) => j.orderId === second.id));
        }
        return all.length > 0 && all.every((j) => j.status === 'cancelled');
      });

      // The stream, read from its first message, tells the first order's story in order.
      const story = await waitFor('the shipped event on the ORDERS stream', () => {
        const mine = seenEvents.filter((e) => e.aggregateId === placed.id);
        return mine.some((e) => e.type === 'order.shipped') ? mine : null;
      });
      const milestones = story.map((e) => e.type).filter((t) => t !== 'order.promise-changed');
      expect(milestones).toEqual(['order.placed', 'order.confirmed', 'order.scheduled', 'order.in-production', 'order.shipped']);
      const versions = story.map((e) => e.aggregateVersion);
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    }));
});
