import { OrderEvents, OrdersRequests, SchedulingEvents, SupplierEvents, type OrderView } from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { OrdersHarness, STAND_IN_PROMISE } from '../testing/orders-harness';

const customerId = 'cust-shuffle';
const address = { name: 'Ada Lovelace', street: '1 Engine Lane', city: 'London', postalCode: 'N1 1AA', country: 'GB' };
const DAY = 24 * 3_600_000;

/** One delivery: publishes an event of another service, as its outbox relay would. */
type Delivery = (h: OrdersHarness) => Promise<unknown>;

/**
 * Everything scheduling and suppliers tell orders about a one-line order made by two jobs (cut,
 * then weld): the jobs planned, a plan (revision 1), a hold (2), a new plan (3), each job started
 * and completed, the shipping notice.
 */
function lifeOf(order: OrderView, promises: { first: number; last: number }): Delivery[] {
  const line = order.lines[0];
  const jobs = { cut: `job-${randomUUID()}`, weld: `job-${randomUUID()}` };
  const ref = (operationId: 'cut' | 'weld') => ({
    jobId: jobs[operationId],
    ...{ orderId: order.id, lineId: line.lineId, productId: line.productId, version: line.version, operationId },
    ...{ factoryId: 'factory-1', supplierId: 'supplier-1', isLastOperation: operationId === 'weld' },
  });
  const planned =
    (operationId: 'cut' | 'weld', sequence: number): Delivery =>
    (h) =>
      h.publish(
        SchedulingEvents.jobPlanned,
        jobs[operationId],
        {
          ...ref(operationId),
          ...{ sequence, capability: operationId, quantity: line.quantity, durationMinutes: 30, workCentre: 0 },
          ...{ plannedStart: '2030-01-10T08:00:00.000Z', plannedEnd: '2030-01-10T09:00:00.000Z' },
        },
        { aggregateVersion: 1 },
      );
  const plan =
    (revision: number, promisedDate: number): Delivery =>
    (h) =>
      h.publish(
        SchedulingEvents.orderPlanned,
        order.id,
        {
          orderId: order.id,
          promisedDate: new Date(promisedDate).toISOString(),
          jobIds: [jobs.cut, jobs.weld],
        },
        { aggregateVersion: revision },
      );
  const base = Date.parse(STAND_IN_PROMISE);
  return [
    planned('cut', 1),
    planned('weld', 2),
    plan(1, base + promises.first * DAY),
    (h) =>
      h.publish(
        SchedulingEvents.orderUnplannable,
        order.id,
        { orderId: order.id, code: 'NO_CAPACITY', reason: 'no capacity' },
        { aggregateVersion: 2 },
      ),
    plan(3, base + promises.last * DAY),
    (h) => h.publish(SupplierEvents.jobStarted, jobs.cut, ref('cut'), { aggregateVersion: 2 }),
    (h) =>
      h.publish(
        SupplierEvents.jobCompleted,
        jobs.cut,
        { ...ref('cut'), goodQuantity: line.quantity, scrapQuantity: 0 },
        { aggregateVersion: 3 },
      ),
    (h) => h.publish(SupplierEvents.jobStarted, jobs.weld, ref('weld'), { aggregateVersion: 2 }),
    (h) =>
      h.publish(
        SupplierEvents.jobCompleted,
        jobs.weld,
        { ...ref('weld'), goodQuantity: line.quantity, scrapQuantity: 0 },
        { aggregateVersion: 3 },
      ),
    (h) =>
      h.publish(
        SupplierEvents.shipmentDispatched,
        `ship-${order.id}`,
        {
          shipmentId: `ship-${order.id}`,
          supplierId: 'supplier-1',
          carrier: 'DHL',
          trackingNumber: `T-${order.id}`,
          jobs: [{ jobId: jobs.weld, orderId: order.id, lineId: line.lineId }],
        },
        { aggregateVersion: 1 },
      ),
  ];
}

/** A delivery order: a permutation of the events, some of them delivered twice more (a redelivery is the same envelope). */
const deliveries = fc.record({
  order: fc.shuffledSubarray([...Array(10).keys()], { minLength: 10, maxLength: 10 }),
  repeats: fc.array(fc.record({ event: fc.nat(9), at: fc.nat(12) }), { maxLength: 4 }),
  promises: fc.record({ first: fc.integer({ min: -3, max: 6 }), last: fc.integer({ min: -3, max: 6 }) }),
});

/**
 * Orders' consumers give the same order whatever the order and number of deliveries of the
 * events that concern it (two replicas share the consumers, as in production): it ships once,
 * each state it reports is numbered in order, the latest plan wins, and a promise never moves
 * earlier than one the customer was given.
 */
describe('orders under shuffled and repeated events (property, real PostgreSQL and NATS)', () => {
  let h: OrdersHarness;

  beforeAll(async () => {
    h = await OrdersHarness.start('orders-shuffle');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const get = (orderId: string) => h.client.request(OrdersRequests.get, { customerId, orderId });

  async function confirmedOrder(): Promise<OrderView> {
    const { order } = await h.client.request(OrdersRequests.place, {
      customerId,
      idempotencyKey: randomUUID(),
      order: { lines: [{ productId: 'chair', selections: {}, quantity: 2 }], shippingAddress: address },
    });
    return waitFor(`order ${order.id} confirmed`, async () => {
      const seen = await get(order.id);
      return seen.status === 'confirmed' ? seen : undefined;
    });
  }

  it('ships every order exactly once, whatever the delivery order', async () => {
    const cases = fc.sample(deliveries, { numRuns: 16, seed: 20261202 });
    await Promise.all(
      cases.map(async ({ order: permutation, repeats, promises }) => {
        const order = await confirmedOrder();
        const life = lifeOf(order, promises);
        // Each event is published once in the shuffled order; a repeat is the same envelope again, later.
        const sent = new Map<number, { id: string }>();
        const sequence: Array<{ event: number; again: boolean }> = permutation.map((event) => ({ event, again: false }));
        for (const { event, at } of repeats) sequence.splice(Math.min(at, sequence.length), 0, { event, again: true });
        for (const { event, again } of sequence) {
          const previous = sent.get(event);
          if (again && previous) {
            await redeliver(h, life[event], previous.id);
          } else if (!previous) {
            sent.set(event, (await life[event](h)) as { id: string });
          }
        }
        for (const event of repeats.map((r) => r.event)) await redeliver(h, life[event], sent.get(event)!.id);

        // Every delivery handled (shipped can be reached before a late report of the first job is),
        // and our events relayed: they go in commit order, so once order.shipped is seen, all are.
        await h.otherServicesEventsHandled();
        const shipped = await get(order.id);
        expect(shipped.status).toBe('shipped');
        await h.waitForEvent(OrderEvents.shipped, order.id);
        const events = h.eventsOf(order.id);
        expect(events.filter((e) => e.type === OrderEvents.shipped.type)).toHaveLength(1);
        expect(events.at(-1)!.type).toBe(OrderEvents.shipped.type);
        const versions = events.map((e) => e.aggregateVersion);
        expect(versions).toEqual([...versions].sort((a, b) => a - b));
        expect(new Set(versions).size).toBe(versions.length);
        expect(shipped.lines[0].progress).toEqual({ jobs: 2, completed: 2, percent: 100 });
        expect(shipped.timeline.filter((t) => t.type === 'line-shipped')).toHaveLength(1);
        expect(shipped.timeline.filter((t) => t.type === 'operation-completed')).toHaveLength(2);
        // A promise given is never taken back: what the customer was told only moves later and ends at
        // the stored promise, which is a plan's (a plan that lands after the order shipped moves nothing).
        const told = [
          STAND_IN_PROMISE,
          ...events
            .filter((e) => e.type === OrderEvents.promiseChanged.type)
            .map((e) => (e.data as { promisedDate: string }).promisedDate),
        ].map(Date.parse);
        expect(told).toEqual([...told].sort((a, b) => a - b));
        expect(Date.parse(shipped.promisedDate!)).toBe(told.at(-1));
        const base = Date.parse(STAND_IN_PROMISE);
        const [first, last] = [base + promises.first * DAY, base + promises.last * DAY];
        expect([base, Math.max(base, first), Math.max(base, last), Math.max(base, first, last)]).toContain(told.at(-1));
      }),
    );
  });
});

/** The same envelope delivered again, stored by JetStream as another message (as a redelivery after a lost ack). */
async function redeliver(h: OrdersHarness, delivery: Delivery, id: string): Promise<void> {
  const original = h.publish.bind(h);
  const again = Object.create(h) as OrdersHarness;
  again.publish = ((event, aggregateId, data, options = {}) =>
    original(event, aggregateId, data, { ...options, id, msgID: `${id}-${randomUUID()}` })) as OrdersHarness['publish'];
  await delivery(again);
}
