import { cleanUpNamespace, testNamespace, waitFor } from '@atelier/testing';
import { ApiClient, expectStatus } from './support/http';
import { jobsOf, onboardNetwork, playSuppliersOnce, shippingAddress } from './support/network';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

/**
 * Nothing accepted is lost when a process dies: events wait in JetStream and the outbox until the
 * service that owes them work is back, and nothing is done twice when it comes back.
 */
describe('an order survives the sudden death of the services that owe it work', () => {
  const namespace = testNamespace('crash');
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

  it('is planned, offered and shipped once scheduling, orders and suppliers come back after kill -9', () =>
    withAppOutput(system, async () => {
      const { suppliers, customers } = await onboardNetwork(api, operator);
      const [ada] = customers;
      const { defaults: selections } = expectStatus(
        await ada.client.post('/v1/products/bicycle/configure', { selections: {} }),
        200,
      );

      await system.kill('scheduling');
      const order = expectStatus(
        await ada.client.post(
          '/v1/orders',
          { lines: [{ productId: 'bicycle', selections, quantity: 1 }], shippingAddress },
          {
            'Idempotency-Key': 'crash-1',
          },
        ),
        201,
      );
      await waitFor('the order to be confirmed while scheduling is down', async () => {
        const current = expectStatus(await ada.client.get(`/v1/orders/${order.id}`), 200);
        return current.status === 'confirmed';
      });

      // Orders dies too, then both come back: the confirmed order is planned and reaches the customer as scheduled.
      await system.kill('orders');
      await system.restart('scheduling');
      await system.kill('suppliers');
      await system.restart('orders');
      await system.restart('suppliers');
      await waitFor(
        'the order to be scheduled after the restarts',
        async () => expectStatus(await ada.client.get(`/v1/orders/${order.id}`), 200).status === 'scheduled',
        { timeoutMs: 30_000 },
      );

      const shipped = await waitFor(
        'the order to ship',
        async () => {
          await playSuppliersOnce(suppliers, order.id);
          const current = expectStatus(await ada.client.get(`/v1/orders/${order.id}`), 200);
          return current.status === 'shipped' ? current : null;
        },
        { timeoutMs: 60_000, intervalMs: 300 },
      );

      // Each operation was offered once: the redelivered events after the restarts had no second effect.
      const jobs = [];
      for (const supplier of suppliers) jobs.push(...(await jobsOf(supplier, order.id)));
      const operations = jobs.map((j: { operationId: string }) => j.operationId);
      expect(new Set(operations).size).toBe(operations.length);
      expect(shipped.timeline.filter((t: { type: string }) => t.type === 'scheduled')).toHaveLength(1);
    }));
});
