import { encodeCursor, OrdersRequests, type OrderSummaryView, type PlaceOrderBody } from '@atelier/contracts';
import { failureOf } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { OrdersHarness } from '../testing/orders-harness';

const order: PlaceOrderBody = {
  lines: [
    { productId: 'bicycle', version: 2, selections: { size: 'large', colour: 'red' }, quantity: 2 },
    { productId: 'chair', selections: { colour: 'oak' }, quantity: 1 },
  ],
  shippingAddress: { name: 'Ada Lovelace', street: '1 Analytical Way', city: 'Turin', postalCode: '10100', country: 'IT' },
};

describe('listing orders (orders app, real PostgreSQL and NATS)', () => {
  let h: OrdersHarness;

  beforeAll(async () => {
    h = await OrdersHarness.start('orders-list');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const place = async (customerId: string) =>
    (await h.client.request(OrdersRequests.place, { customerId, idempotencyKey: randomUUID(), order })).order.id;

  it('walks every order exactly once, newest first, while new orders arrive between pages', async () => {
    const before: string[] = [];
    for (let i = 0; i < 7; i++) before.push(await place('cust-walk'));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.client.request(OrdersRequests.list, {
        customerId: 'cust-walk',
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
      await place('cust-walk'); // newer than anything on the pages still to come
    } while (cursor);
    expect(seen).toEqual([...before].reverse());
  });

  it('lists summaries: no lines, selections or timeline, but how many lines and how far production is', async () => {
    const id = await place('cust-summary');
    const { items } = await h.client.request(OrdersRequests.list, { customerId: 'cust-summary', limit: 20 });
    expect(items).toHaveLength(1);
    const summary: OrderSummaryView = items[0];
    expect(summary).toMatchObject({ id, customerId: 'cust-summary', lineCount: 2, total: { amount: '351.00', currency: 'EUR' } });
    expect(summary.progress).toEqual({ jobs: 0, completed: 0, percent: 0 });
    expect(summary).not.toHaveProperty('timeline');
    expect(summary).not.toHaveProperty('lines');
    expect(summary).not.toHaveProperty('shippingAddress');
    expect((await h.client.request(OrdersRequests.get, { orderId: id })).timeline.length).toBeGreaterThan(0);
  });

  it('refuses a limit out of range and cursors it did not issue, as VALIDATION_FAILED', async () => {
    for (const limit of [0, 101, 1.5]) {
      expect((await failureOf(h.client.request(OrdersRequests.list, { customerId: 'cust-walk', limit }))).code).toBe(
        'VALIDATION_FAILED',
      );
    }
    const forged = [
      'not base64 at all!',
      encodeCursor(['2026-01-01T00:00:00.000Z']),
      encodeCursor(['+275760-09-13T00:00:00.000Z', randomUUID()]),
      encodeCursor(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      Buffer.from(JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z' })).toString('base64url'),
    ];
    for (const cursor of forged) {
      const failure = await failureOf(h.client.request(OrdersRequests.list, { customerId: 'cust-walk', limit: 2, cursor }));
      expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] });
    }
  });
});
