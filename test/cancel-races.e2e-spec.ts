import { cleanUpNamespace, testNamespace, waitFor } from '@atelier/testing';
import { allItems, ApiClient, expectStatus, type Answer } from './support/http';
import { jobsOf, onboardNetwork, shippingAddress, type Party } from './support/network';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

const pairs = Number(process.env.CANCEL_RACES ?? 30);

/**
 * A customer cancels an order at the very moment a factory acts on one of its jobs, through the
 * public API with every app running. API.md promises cancel only "while production has not
 * started": exactly one of the cancel and the start may win, and customer, factory and plan agree
 * afterwards. (On the code before issue 8 both answered 200 and the job stayed in progress.)
 */
describe('cancel racing a supplier, through the HTTP API', () => {
  const namespace = testNamespace('races');
  let system: RunningSystem;
  let api: ApiClient;
  let operator: ApiClient;

  beforeAll(async () => {
    system = await startSystem(namespace, { OFFER_TIMEOUT_SECONDS: '3600', RATE_LIMIT_PER_MINUTE: '1000000' });
    api = new ApiClient(system.baseUrl);
    operator = api.as(system.adminToken);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it(
    `lets exactly one of cancel and start win (${pairs} races), and cancel over an accept racing it`,
    () =>
      withAppOutput(system, async () => {
        const { suppliers, customers } = await onboardNetwork(api, operator);
        const [customer] = customers;
        const configured = expectStatus(await customer.client.post('/v1/products/bicycle/configure', { selections: {} }), 200);
        const line = { productId: 'bicycle', selections: configured.defaults, quantity: 1 };
        const accepting = Math.max(4, Math.round(pairs / 3));

        const placed: string[] = [];
        for (let i = 0; i < pairs + accepting; i++) {
          const order = expectStatus(
            await customer.client.post('/v1/orders', { lines: [line], shippingAddress }, { 'Idempotency-Key': `race-${i}` }),
            201,
          );
          placed.push(order.id);
        }
        // One offered job of each order, and who was offered it.
        const offers = new Map<string, { jobId: string; owner: Party }>();
        await waitFor(
          'an offer of every order',
          async () => {
            for (const supplier of suppliers) {
              for (const job of (await allItems(supplier.client, '/v1/supplier/jobs?status=offered')) as Array<{
                jobId: string;
                orderId: string;
              }>) {
                if (!offers.has(job.orderId)) offers.set(job.orderId, { jobId: job.jobId, owner: supplier });
              }
            }
            return placed.every((id) => offers.has(id));
          },
          { timeoutMs: 120_000, intervalMs: 500 },
        );

        const startRaces = placed.slice(0, pairs);
        const acceptRaces = placed.slice(pairs);
        for (const orderId of startRaces) {
          const { jobId, owner } = offers.get(orderId)!;
          expectStatus(await owner.client.post(`/v1/supplier/jobs/${jobId}/accept`), 200);
        }

        const cancel = (orderId: string) => customer.client.post(`/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
        const supplierAct = (orderId: string, action: string) => {
          const { jobId, owner } = offers.get(orderId)!;
          return owner.client.post(`/v1/supplier/jobs/${jobId}/${action}`);
        };
        // All pairs at once, half with the cancel sent first and half with the supplier's action first.
        // Which one wins is up to the race (the integration test asserts both outcomes happen); what must
        // hold is that exactly one wins and that everyone agrees afterwards.
        const race = (ids: string[], action: string) =>
          Promise.all(
            ids.map(async (id, index) => {
              if (index % 2 === 0) return Promise.all([cancel(id), supplierAct(id, action)]);
              const acting = supplierAct(id, action);
              return Promise.all([cancel(id), acting]);
            }),
          );
        const started = await race(startRaces, 'start');
        const accepted = await race(acceptRaces, 'accept');

        const statuses = (answers: Answer[][]) => answers.map(([c, s]) => `${c.status}/${s.status}`);
        let cancelWon = 0;
        for (const [index, [cancelled, start]] of started.entries()) {
          const orderId = startRaces[index];
          expect([`${cancelled.status}/${start.status}`, orderId]).toEqual([
            expect.stringMatching(/^(200\/409|409\/200)$/),
            orderId,
          ]);
          if (cancelled.status === 200) {
            cancelWon++;
            expect(cancelled.body.status).toBe('cancelled');
            expect(start.body.error.code).toBe('INVALID_TRANSITION');
          } else {
            expect(cancelled.body.error).toMatchObject({
              code: 'INVALID_TRANSITION',
              message: expect.stringMatching(/Production has started/),
            });
          }
        }
        for (const [cancelled, accept] of accepted) {
          expect(cancelled.status).toBe(200);
          expect([200, 409]).toContain(accept.status);
        }

        // Afterwards the customer, the factory and the plan tell the same story.
        await waitFor(
          'every order and job to settle',
          async () => {
            for (const [index, orderId] of startRaces.entries()) {
              const order = expectStatus(await customer.client.get(`/v1/orders/${orderId}`), 200);
              const { jobId, owner } = offers.get(orderId)!;
              const job = expectStatus(await owner.client.get(`/v1/supplier/jobs/${jobId}`), 200);
              const expected = started[index][0].status === 200 ? ['cancelled', 'cancelled'] : ['in_production', 'in_progress'];
              if (order.status !== expected[0] || job.status !== expected[1]) return false;
            }
            for (const orderId of acceptRaces) {
              const order = expectStatus(await customer.client.get(`/v1/orders/${orderId}`), 200);
              let open = 0;
              for (const supplier of suppliers)
                open += (await jobsOf(supplier, orderId)).filter((j: { status: string }) => j.status !== 'cancelled').length;
              if (order.status !== 'cancelled' || open > 0) return false;
            }
            return true;
          },
          { timeoutMs: 60_000, intervalMs: 500 },
        );
        // Work in progress keeps its place in the plan; cancelled orders have none (once scheduling has heard).
        const inPlan = (planned: Set<string>) => [
          ...startRaces.map((orderId, index) => [orderId, planned.has(orderId), started[index][0].status !== 200]),
          ...acceptRaces.map((orderId) => [orderId, planned.has(orderId), false]),
        ];
        const planAgrees = await waitFor(
          'the plan to agree',
          async () => {
            const planned = new Set(
              ((await allItems(operator, '/v1/admin/schedule')) as Array<{ orderId: string }>).map((op) => op.orderId),
            );
            const rows = inPlan(planned);
            return rows.every(([, has, expected]) => has === expected) ? rows : null;
          },
          { timeoutMs: 30_000, intervalMs: 500 },
        ).catch(async () =>
          inPlan(
            new Set(((await allItems(operator, '/v1/admin/schedule')) as Array<{ orderId: string }>).map((op) => op.orderId)),
          ),
        );
        expect(planAgrees.filter(([, has, expected]) => has !== expected)).toEqual([]);

        console.log(
          `cancel/start: ${cancelWon} cancelled, ${pairs - cancelWon} started; cancel/accept: ${statuses(accepted).join(' ')}`,
        );
      }),
    300_000,
  );
});
