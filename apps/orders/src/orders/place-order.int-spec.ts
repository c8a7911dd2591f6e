import { OrderEvents, OrdersRequests, type PlaceOrderBody } from '@atelier/contracts';
import { failureOf, waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { OrdersHarness, STAND_IN_PROMISE } from '../testing/orders-harness';
import { PLACEMENT_PROMISE_TIMEOUT_MS } from './placement-promise';

const address = { name: 'Ada Lovelace', street: '1 Analytical Way', city: 'Turin', postalCode: '10100', country: 'IT' };

function body(overrides: Partial<PlaceOrderBody> = {}): PlaceOrderBody {
  return {
    lines: [
      { productId: 'bicycle', version: 2, selections: { size: 'large', colour: 'red' }, quantity: 2 },
      { productId: 'chair', selections: { colour: 'oak' }, quantity: 1 },
    ],
    requestedDate: '2030-02-01T00:00:00.000Z',
    shippingAddress: address,
    ...overrides,
  };
}

describe('placing orders (orders app, real PostgreSQL and NATS)', () => {
  let h: OrdersHarness;

  beforeAll(async () => {
    h = await OrdersHarness.start('orders-place');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const place = (customerId: string, idempotencyKey: string, order: PlaceOrderBody) =>
    h.client.request(OrdersRequests.place, { customerId, idempotencyKey, order });

  it('places a priced order, then confirms it with every line pinned, routed and exploded', async () => {
    const { created, order } = await place('cust-a', randomUUID(), body());
    expect(created).toBe(true);
    expect(order.status).toBe('placed');
    expect(order.total).toEqual({ amount: '351.00', currency: 'EUR' });
    expect(order.lines.map((l) => [l.productId, l.version, l.lineTotal.amount])).toEqual([
      ['bicycle', 2, '251.00'],
      ['chair', 3, '100.00'],
    ]);
    expect(order.lines.every((l) => /^[0-9a-f-]{36}$/.test(l.lineId))).toBe(true);

    const placed = await h.waitForEvent(OrderEvents.placed, order.id);
    expect(placed.aggregateVersion).toBe(1);
    expect(placed.data.lines.map((l) => [l.lineId, l.version])).toEqual(order.lines.map((l) => [l.lineId, l.version]));

    const confirmed = await h.waitForEvent(OrderEvents.confirmed, order.id);
    expect(confirmed.aggregateVersion).toBe(2);
    expect(confirmed.data.dueDate).toBe('2030-02-01T00:00:00.000Z');
    expect(confirmed.data.lines[0]).toMatchObject({
      lineId: order.lines[0].lineId,
      productId: 'bicycle',
      version: 2,
      selections: { size: 'large', colour: 'red' },
      quantity: 2,
      routing: [{ operationId: 'cut' }, { operationId: 'weld' }],
      bom: [{ item: 'steel-tube', quantity: '4' }],
    });

    const seen = await h.client.request(OrdersRequests.get, { customerId: 'cust-a', orderId: order.id });
    expect(seen.status).toBe('confirmed');
    expect(seen.requestedDate).toBe('2030-02-01T00:00:00.000Z');
    expect(seen.timeline.map((t) => t.type)).toEqual(['placed', 'confirmed']);
  });

  it('answers the same key and body with the same order, whatever the key order of the JSON', async () => {
    const key = randomUUID();
    const first = await place('cust-a', key, body());
    const { lines, requestedDate, shippingAddress } = body();
    const reordered = {
      shippingAddress: {
        country: address.country,
        postalCode: address.postalCode,
        city: address.city,
        street: address.street,
        name: address.name,
      },
      requestedDate,
      lines: lines.map((l) => ({
        quantity: l.quantity,
        selections: l.selections,
        ...(l.version ? { version: l.version } : {}),
        productId: l.productId,
      })),
    };
    expect(shippingAddress).toEqual(reordered.shippingAddress);
    const again = await place('cust-a', key, reordered);
    expect(again.created).toBe(false);
    expect(again.order.id).toBe(first.order.id);
    // The first answer (built from what was written) is the order as it is read back, but for what moved since.
    const { status, updatedAt, timeline, ...stable } = first.order;
    expect(status).toBe('placed');
    expect(updatedAt).toBe(stable.createdAt);
    expect(again.order).toMatchObject({ ...stable, timeline: expect.arrayContaining(timeline) });
    expect(timeline).toHaveLength(1);
  });

  it('refuses the same key with another body (IDEMPOTENCY_KEY_REUSED), and lets another customer use the key', async () => {
    const key = randomUUID();
    const first = await place('cust-a', key, body());
    const error = await failureOf(place('cust-a', key, body({ requestedDate: '2030-03-01T00:00:00.000Z' })));
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const other = await place('cust-b', key, body());
    expect(other.created).toBe(true);
    expect(other.order.id).not.toBe(first.order.id);
  });

  it('makes one order, and tells it once, of twenty concurrent identical requests', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => place('cust-race', key, body())));
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const page = await h.client.request(OrdersRequests.list, { customerId: 'cust-race', limit: 100 });
    expect(page.items).toHaveLength(1);
    // The placement and its event are one statement: exactly one order.placed went out (the losers wrote
    // nothing). Any other would be on the stream before the confirmation that followed the first.
    const orderId = results[0].order.id;
    await h.waitForEvent(OrderEvents.confirmed, orderId);
    expect(h.eventsOf(orderId).filter((e) => e.type === OrderEvents.placed.type)).toHaveLength(1);
  });

  it('stores nothing when a configuration is invalid or a product unknown', async () => {
    const invalid = await failureOf(
      place(
        'cust-invalid',
        randomUUID(),
        body({ lines: [{ productId: 'bicycle', selections: { invalid: true }, quantity: 1 }] }),
      ),
    );
    expect(invalid.code).toBe('INVALID_CONFIGURATION');
    const unknown = await failureOf(
      place('cust-invalid', randomUUID(), body({ lines: [{ productId: 'unknown', selections: {}, quantity: 1 }] })),
    );
    expect(unknown.code).toBe('VALIDATION_FAILED');
    const page = await h.client.request(OrdersRequests.list, { customerId: 'cust-invalid', limit: 20 });
    expect(page.items).toEqual([]);
  });

  it('rejects an order that needs no production operation', async () => {
    const { order } = await place(
      'cust-a',
      randomUUID(),
      body({ lines: [{ productId: 'gift-card', selections: {}, quantity: 1 }] }),
    );
    const rejected = await h.waitForEvent(OrderEvents.rejected, order.id);
    expect(rejected.data.reason).toMatch(/no operation/);
    const seen = await h.client.request(OrdersRequests.get, { orderId: order.id });
    expect(seen).toMatchObject({ status: 'rejected', statusReason: rejected.data.reason });
  });

  it("never shows one customer another's order", async () => {
    const { order } = await place('cust-a', randomUUID(), body());
    expect((await failureOf(h.client.request(OrdersRequests.get, { customerId: 'cust-b', orderId: order.id }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failureOf(h.client.request(OrdersRequests.cancel, { customerId: 'cust-b', orderId: order.id }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failureOf(h.client.request(OrdersRequests.get, { customerId: 'cust-a', orderId: 'not-a-uuid' }))).code).toBe(
      'NOT_FOUND',
    );
    // The operator (no customerId) sees every order; the owner still sees it, not cancelled by B.
    expect((await h.client.request(OrdersRequests.get, { orderId: order.id })).id).toBe(order.id);
    expect((await h.client.request(OrdersRequests.get, { customerId: 'cust-a', orderId: order.id })).status).not.toBe(
      'cancelled',
    );
    const listOfB = await h.client.request(OrdersRequests.list, { customerId: 'cust-b', limit: 100 });
    expect(listOfB.items.map((o) => o.id)).not.toContain(order.id);
  });

  it('lists a customer’s orders newest first, page by page, and by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await place('cust-list', randomUUID(), body())).order.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await h.client.request(OrdersRequests.list, {
        customerId: 'cust-list',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      sizes.push(page.items.length);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...ids].reverse());

    await waitFor('all confirmed', async () => {
      const page = await h.client.request(OrdersRequests.list, { customerId: 'cust-list', status: 'confirmed', limit: 100 });
      return page.items.length === 5;
    });
    const placedOnly = await h.client.request(OrdersRequests.list, { customerId: 'cust-list', status: 'placed', limit: 100 });
    expect(placedOnly.items).toEqual([]);
    // Garbage, and a forged cursor whose date JavaScript would parse but PostgreSQL would not: both are bad input, not 500.
    const forged = Buffer.from(JSON.stringify(['hello 1', randomUUID()])).toString('base64url');
    for (const cursor of ['garbage', forged]) {
      expect((await failureOf(h.client.request(OrdersRequests.list, { customerId: 'cust-list', cursor, limit: 2 }))).code).toBe(
        'VALIDATION_FAILED',
      );
    }
  });

  describe('the promise at placement', () => {
    const timelineOf = async (customerId: string, orderId: string) =>
      (await h.client.request(OrdersRequests.get, { customerId, orderId })).timeline;

    afterEach(() => h.promiseDates(STAND_IN_PROMISE));

    it("answers with scheduling's capable-to-promise date and keeps it", async () => {
      const calls = h.promiseCalls;
      const { order } = await place('cust-p', randomUUID(), body());
      expect(order.promisedDate).toBe(STAND_IN_PROMISE);
      expect(h.promiseCalls).toBe(calls + 1);
      expect(order.timeline[0].message).toContain(`Delivery promised for ${STAND_IN_PROMISE}`);
      const seen = await h.client.request(OrdersRequests.get, { customerId: 'cust-p', orderId: order.id });
      expect(seen.promisedDate).toBe(STAND_IN_PROMISE);
    });

    it("answers with the quote's date for what was quoted, and asks scheduling for anything else", async () => {
      const quote = await h.client.request(OrdersRequests.quote, { customerId: 'cust-p', lines: body().lines });
      expect(quote.promisedDate).toBe(STAND_IN_PROMISE);
      h.promiseDates('2030-04-04T10:00:00.000Z'); // the network is busier since the quote
      const calls = h.promiseCalls;
      const quoted = await place('cust-p', randomUUID(), body({ quoteId: quote.id }));
      expect(quoted.order.promisedDate).toBe(quote.promisedDate);
      expect(h.promiseCalls).toBe(calls);
      expect(quoted.order.timeline[0].message).toMatch(/as quoted/);

      const [bicycle, chair] = body().lines;
      const more = await place('cust-p', randomUUID(), body({ quoteId: quote.id, lines: [bicycle, { ...chair, quantity: 10 }] }));
      expect(more.order.promisedDate).toBe('2030-04-04T10:00:00.000Z');
      expect(more.order.timeline[0].message).toMatch(/differs from its quote/);
    });

    it('still places the order, without a date and saying why, when scheduling is not there or cannot promise', async () => {
      h.promiseDates(null);
      const absent = await place('cust-p', randomUUID(), body());
      expect(absent).toMatchObject({ created: true, order: { status: 'placed', promisedDate: null } });
      const [placed] = await timelineOf('cust-p', absent.order.id);
      expect(placed.message).toMatch(/No delivery date promised yet.*DEPENDENCY_UNAVAILABLE/);

      h.refusePromises('No factory can do welding');
      const refused = await place('cust-p', randomUUID(), body());
      expect(refused.order.promisedDate).toBeNull();
      expect(refused.order.timeline[0].message).toMatch(/No delivery date promised yet: No factory can do welding/);
      await h.waitForEvent(OrderEvents.confirmed, refused.order.id);
    });

    it('waits for a silent scheduling no longer than the promise timeout', async () => {
      h.ignorePromiseRequests();
      const started = Date.now();
      const { created, order } = await place('cust-p', randomUUID(), body());
      const waited = Date.now() - started;
      expect(created).toBe(true);
      expect(order.promisedDate).toBeNull();
      expect(waited).toBeGreaterThanOrEqual(PLACEMENT_PROMISE_TIMEOUT_MS - 100);
      expect(waited).toBeLessThan(PLACEMENT_PROMISE_TIMEOUT_MS + 1_500);
      expect(order.timeline[0].message).toMatch(/DEPENDENCY_UNAVAILABLE/);
    });
  });

  describe('quotes', () => {
    const lines = body().lines;

    it('prices, promises and keeps a quote for a day', async () => {
      const quote = await h.client.request(OrdersRequests.quote, { customerId: 'cust-q', lines });
      expect(quote.total).toEqual({ amount: '351.00', currency: 'EUR' });
      expect(quote.promisedDate).toBe('2030-01-15T12:00:00.000Z');
      expect(quote.lines[0].bomSummary).toEqual({ lines: 1, items: ['steel-tube'] });
      const validFor = Date.parse(quote.validUntil) - Date.now();
      expect(validFor).toBeGreaterThan(23.9 * 3600_000);
      expect(validFor).toBeLessThanOrEqual(24 * 3600_000);
    });

    it('still quotes, without a date and with a reason, when scheduling does not answer', async () => {
      h.promiseDates(null);
      try {
        const quote = await h.client.request(OrdersRequests.quote, { customerId: 'cust-q', lines });
        expect(quote.promisedDate).toBeNull();
        expect(quote.promiseReason).toMatch(/DEPENDENCY_UNAVAILABLE/);
      } finally {
        h.promiseDates('2030-01-15T12:00:00.000Z');
      }
    });

    it("quotes and places with scheduling's reason when it cannot promise, its control characters (which PostgreSQL refuses) made spaces", async () => {
      h.refusePromises('No factory can do "welding" for operation \u0000quote\u00000:line-1:weld');
      try {
        const quote = await h.client.request(OrdersRequests.quote, { customerId: 'cust-q', lines });
        expect(quote.promisedDate).toBeNull();
        expect(quote.promiseReason).toBe('No factory can do "welding" for operation  quote 0:line-1:weld');
        const { order } = await place('cust-q', randomUUID(), body());
        expect(order.promisedDate).toBeNull();
        expect(order.timeline[0].message).toContain('No factory can do "welding"');
      } finally {
        h.promiseDates('2030-01-15T12:00:00.000Z');
      }
    });

    it("places an order on the customer's own quote, re-priced; another's quote or a bad id is invalid", async () => {
      const quote = await h.client.request(OrdersRequests.quote, { customerId: 'cust-q', lines });
      const { created, order } = await place('cust-q', randomUUID(), body({ quoteId: quote.id }));
      expect(created).toBe(true);
      expect(order.lines.map((l) => l.version)).toEqual(quote.lines.map((l) => l.version));
      expect((await failureOf(place('cust-other', randomUUID(), body({ quoteId: quote.id })))).code).toBe('VALIDATION_FAILED');
      expect((await failureOf(place('cust-q', randomUUID(), body({ quoteId: 'nope' })))).code).toBe('VALIDATION_FAILED');
      const notAUuid = '0'.repeat(36);
      expect((await failureOf(place('cust-q', randomUUID(), body({ quoteId: notAUuid })))).code).toBe('VALIDATION_FAILED');
    });

    it('refuses a quote a day old (the clock is moved, not waited for)', async () => {
      const quote = await h.client.request(OrdersRequests.quote, { customerId: 'cust-q', lines });
      h.advanceClock(24 * 3600_000 + 1_000);
      const expired = await failureOf(place('cust-q', randomUUID(), body({ quoteId: quote.id })));
      expect(expired).toMatchObject({ code: 'VALIDATION_FAILED', message: 'The quote has expired' });
      // A new quote is valid for a day from the moved clock.
      const fresh = await h.client.request(OrdersRequests.quote, { customerId: 'cust-q', lines });
      expect((await place('cust-q', randomUUID(), body({ quoteId: fresh.id }))).created).toBe(true);
    });
  });
});
