import { OrderEvents, OrdersRequests, SchedulingEvents, SupplierEvents, type OrderView } from '@atelier/contracts';
import { failureOf, waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { OrdersHarness, STAND_IN_PROMISE } from '../testing/orders-harness';

const address = { name: 'Grace Hopper', street: '2 Compiler Road', city: 'Lyon', postalCode: '69001', country: 'FR' };
const customerId = 'cust-life';

describe('the life of an order after placing (orders app, real PostgreSQL and NATS)', () => {
  let h: OrdersHarness;

  beforeAll(async () => {
    h = await OrdersHarness.start('orders-life');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const get = (orderId: string) => h.client.request(OrdersRequests.get, { customerId, orderId });
  const statusOf = (orderId: string, status: OrderView['status']) =>
    waitFor(`order ${orderId} ${status}`, async () => {
      const order = await get(orderId);
      return order.status === status ? order : undefined;
    });

  /** A confirmed two-line order. */
  async function confirmedOrder(): Promise<OrderView> {
    const { order } = await h.client.request(OrdersRequests.place, {
      customerId,
      idempotencyKey: randomUUID(),
      order: {
        lines: [
          { productId: 'bicycle', selections: { size: 'large' }, quantity: 1 },
          { productId: 'chair', selections: {}, quantity: 4 },
        ],
        shippingAddress: address,
      },
    });
    return statusOf(order.id, 'confirmed');
  }

  /** Scheduling's job.planned of one operation of a line: cut first, weld second. */
  function publishJobPlanned(
    order: OrderView,
    line: OrderView['lines'][number],
    jobId: string,
    operationId: 'cut' | 'weld',
    isLastOperation: boolean,
  ) {
    return h.publish(SchedulingEvents.jobPlanned, jobId, {
      jobId,
      orderId: order.id,
      lineId: line.lineId,
      productId: line.productId,
      version: line.version,
      operationId,
      sequence: operationId === 'cut' ? 1 : 2,
      capability: operationId === 'cut' ? 'cutting' : 'welding',
      quantity: line.quantity,
      durationMinutes: 30,
      factoryId: 'factory-1',
      supplierId: 'supplier-1',
      workCentre: 0,
      plannedStart: '2030-01-10T08:00:00.000Z',
      plannedEnd: '2030-01-10T09:00:00.000Z',
      isLastOperation,
    });
  }

  /** What scheduling says after planning: two jobs per line (cut, then weld), then the order's promise. */
  async function plan(order: OrderView, promisedDate: string): Promise<Record<string, { cut: string; weld: string }>> {
    const jobs: Record<string, { cut: string; weld: string }> = {};
    for (const line of order.lines) {
      jobs[line.lineId] = { cut: `job-${randomUUID()}`, weld: `job-${randomUUID()}` };
      for (const operationId of ['cut', 'weld'] as const) {
        await publishJobPlanned(order, line, jobs[line.lineId][operationId], operationId, operationId === 'weld');
      }
    }
    const jobIds = Object.values(jobs).flatMap((j) => [j.cut, j.weld]);
    await h.publish(SchedulingEvents.orderPlanned, order.id, { orderId: order.id, promisedDate, jobIds });
    return jobs;
  }

  /** A planned two-line order whose first line's weld has started. */
  async function firstWeldStarted() {
    const order = await confirmedOrder();
    const [first, second] = order.lines.map((l) => l.lineId);
    const jobs = await plan(order, STAND_IN_PROMISE);
    await statusOf(order.id, 'scheduled');
    const weld = (lineId: string) => jobRef(order, lineId, jobs[lineId].weld, 'weld');
    await h.publish(SupplierEvents.jobStarted, jobs[first].weld, weld(first));
    return { order, first, second, jobs, weld };
  }

  function jobRef(order: OrderView, lineId: string, jobId: string, operationId: 'cut' | 'weld') {
    return {
      jobId,
      orderId: order.id,
      lineId,
      productId: 'bicycle',
      version: 3,
      operationId,
      factoryId: 'factory-1',
      supplierId: 'supplier-1',
      isLastOperation: operationId === 'weld',
    };
  }

  it('confirms orders placed together each once, and schedules them from plans that arrive together', async () => {
    const placed = await Promise.all(
      Array.from({ length: 12 }, () =>
        h.client.request(OrdersRequests.place, {
          customerId,
          idempotencyKey: randomUUID(),
          order: { lines: [{ productId: 'bicycle', selections: { size: 'large' }, quantity: 1 }], shippingAddress: address },
        }),
      ),
    );
    const confirmed = await Promise.all(placed.map(({ order }) => statusOf(order.id, 'confirmed')));
    await Promise.all(confirmed.map((order) => plan(order, STAND_IN_PROMISE)));
    // With two replicas, an order's order.planned may be handled on one before its last job.planned
    // on the other: the order is scheduled at once, that job's line is known a moment later.
    await h.otherServicesEventsHandled();
    for (const order of confirmed) {
      const scheduled = await statusOf(order.id, 'scheduled');
      // Its two jobs recorded with their line (progress counts them), each event once, in version order
      // (the events are published after the commit the status shows: wait for the last one).
      expect(scheduled.lines[0].progress).toMatchObject({ jobs: 2 });
      await h.waitForEvent(OrderEvents.scheduled, order.id);
      expect(h.eventsOf(order.id).map((e) => [e.type, e.aggregateVersion])).toEqual([
        ['order.placed', 1],
        ['order.confirmed', 2],
        ['order.scheduled', 3],
      ]);
      expect(scheduled.timeline.map((t) => t.type)).toEqual(['placed', 'confirmed', 'scheduled']);
    }
  });

  it('schedules orders whose plans arrive as one run after all their jobs, an order planned twice in it by its newest plan', async () => {
    const orders = await Promise.all(Array.from({ length: 10 }, () => confirmedOrder()));
    const later = '2030-03-01T17:00:00.000Z';
    // Scheduling tells a run's jobs first, then every order.planned of the run (order-planning.service.ts).
    const jobIds = new Map<string, string[]>();
    for (const order of orders) {
      const ids = order.lines.flatMap(() => [`job-${randomUUID()}`]);
      jobIds.set(order.id, ids);
      for (const [index, jobId] of ids.entries()) await publishJobPlanned(order, order.lines[index], jobId, 'cut', true);
    }
    const [twice, moved] = orders;
    await Promise.all([
      ...orders.map((order) =>
        h.publish(SchedulingEvents.orderPlanned, order.id, {
          orderId: order.id,
          promisedDate: order === moved ? later : STAND_IN_PROMISE,
          jobIds: jobIds.get(order.id)!,
        }),
      ),
      // A second plan of one order in the same run: only the newest counts, however they are handled.
      h.publish(SchedulingEvents.orderPlanned, twice.id, {
        orderId: twice.id,
        promisedDate: later,
        jobIds: jobIds.get(twice.id)!,
      }),
    ]);
    for (const order of orders) {
      const scheduled = await statusOf(order.id, 'scheduled');
      expect(scheduled.lines.map((l) => l.progress.jobs)).toEqual(order.lines.map(() => 1));
      const promise = order === moved || order === twice ? later : STAND_IN_PROMISE;
      await waitFor(
        'the order to keep its newest plan',
        async () => (await statusOf(order.id, 'scheduled')).promisedDate === promise,
      );
      const types =
        order === moved || order === twice
          ? ['placed', 'confirmed', 'scheduled', 'promise-changed']
          : ['placed', 'confirmed', 'scheduled'];
      await waitFor('every event of the order', () => h.eventsOf(order.id).length === types.length);
      expect(h.eventsOf(order.id).map((e) => e.aggregateVersion)).toEqual(types.map((_, i) => i + 1));
      expect((await statusOf(order.id, 'scheduled')).timeline.map((t) => t.type)).toEqual(types);
    }
  });

  it('is scheduled with the promise it was placed with, and follows a promise that moves', async () => {
    const order = await confirmedOrder();
    expect(order.promisedDate).toBe(STAND_IN_PROMISE);
    await plan(order, STAND_IN_PROMISE);
    const scheduled = await h.waitForEvent(OrderEvents.scheduled, order.id);
    expect(scheduled.data.promisedDate).toBe(STAND_IN_PROMISE);
    expect(scheduled.aggregateVersion).toBe(3);
    const seen = await statusOf(order.id, 'scheduled');
    expect(seen.promisedDate).toBe(STAND_IN_PROMISE);
    expect(seen.lines.map((l) => l.progress)).toEqual([
      { jobs: 2, completed: 0, percent: 0 },
      { jobs: 2, completed: 0, percent: 0 },
    ]);

    await h.publish(SchedulingEvents.orderPlanned, order.id, {
      orderId: order.id,
      promisedDate: '2030-01-22T17:00:00.000Z',
      jobIds: [],
    });
    const moved = await h.waitForEvent(OrderEvents.promiseChanged, order.id);
    expect(moved.data).toMatchObject({
      previousPromisedDate: STAND_IN_PROMISE,
      promisedDate: '2030-01-22T17:00:00.000Z',
    });
    expect(moved.aggregateVersion).toBe(4);
    expect(h.eventsOf(order.id).map((e) => e.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.scheduled',
      'order.promise-changed',
    ]);
  });

  it('tells the customer, after scheduling it, that the plan moved the promise given at placement', async () => {
    const order = await confirmedOrder();
    await plan(order, '2030-01-20T17:00:00.000Z');
    const moved = await h.waitForEvent(OrderEvents.promiseChanged, order.id);
    expect(moved.data).toEqual({
      orderId: order.id,
      customerId,
      previousPromisedDate: STAND_IN_PROMISE,
      promisedDate: '2030-01-20T17:00:00.000Z',
    });
    expect(h.eventsOf(order.id).map((e) => [e.type, e.aggregateVersion])).toEqual([
      ['order.placed', 1],
      ['order.confirmed', 2],
      ['order.scheduled', 3],
      ['order.promise-changed', 4],
    ]);
    const seen = await get(order.id);
    expect(seen).toMatchObject({ status: 'scheduled', promisedDate: '2030-01-20T17:00:00.000Z' });
    expect(seen.timeline.map((t) => t.type)).toEqual(['placed', 'confirmed', 'scheduled', 'promise-changed']);
    expect(seen.timeline.at(-1)?.message).toBe(
      `Delivery promise moved from ${STAND_IN_PROMISE} to 2030-01-20T17:00:00.000Z: production is planned to finish then`,
    );
  });

  it('keeps its promise when the plan finishes earlier, and moves it only when the plan finishes later', async () => {
    const order = await confirmedOrder();
    await plan(order, '2030-01-10T09:00:00.000Z');
    const scheduled = await h.waitForEvent(OrderEvents.scheduled, order.id);
    expect(scheduled.data.promisedDate).toBe(STAND_IN_PROMISE);
    // Earlier again: the promise stands. Then later: it moves, and that is the first move the customer hears of.
    for (const promisedDate of ['2030-01-12T09:00:00.000Z', '2030-01-25T09:00:00.000Z']) {
      await h.publish(SchedulingEvents.orderPlanned, order.id, { orderId: order.id, promisedDate, jobIds: [] });
    }
    const moved = await h.waitForEvent(OrderEvents.promiseChanged, order.id);
    expect(moved.data).toMatchObject({ previousPromisedDate: STAND_IN_PROMISE, promisedDate: '2030-01-25T09:00:00.000Z' });
    expect(h.eventsOf(order.id).map((e) => e.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.scheduled',
      'order.promise-changed',
    ]);
    expect((await get(order.id)).promisedDate).toBe('2030-01-25T09:00:00.000Z');
  });

  it('goes on hold with a reason when it cannot be planned, and leaves when it is planned', async () => {
    const order = await confirmedOrder();
    await h.publish(SchedulingEvents.orderUnplannable, order.id, {
      orderId: order.id,
      code: 'NO_CAPABLE_FACTORY',
      reason: 'No factory can do welding',
    });
    const held = await h.waitForEvent(OrderEvents.onHold, order.id);
    expect(held.data.reason).toBe('No factory can do welding');
    expect(await statusOf(order.id, 'on_hold')).toMatchObject({ statusReason: 'No factory can do welding' });

    await plan(order, STAND_IN_PROMISE);
    const scheduled = await statusOf(order.id, 'scheduled');
    expect(scheduled).toMatchObject({ statusReason: null, promisedDate: STAND_IN_PROMISE });
    expect(scheduled.timeline.map((t) => t.type)).toEqual(['placed', 'confirmed', 'on-hold', 'scheduled']);
  });

  it('goes into production, shows progress, counts a redelivered event once, and ships when every line has shipped', async () => {
    const order = await confirmedOrder();
    const [first, second] = order.lines.map((l) => l.lineId);
    const jobs = await plan(order, STAND_IN_PROMISE);
    await statusOf(order.id, 'scheduled');

    await h.publish(SupplierEvents.jobStarted, jobs[first].cut, jobRef(order, first, jobs[first].cut, 'cut'));
    const started = await h.waitForEvent(OrderEvents.inProduction, order.id);
    expect(started.data).toEqual({ orderId: order.id, customerId });
    await statusOf(order.id, 'in_production');
    expect((await failureOf(h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id }))).code).toBe(
      'INVALID_TRANSITION',
    );

    const completed = { ...jobRef(order, first, jobs[first].cut, 'cut'), goodQuantity: 1, scrapQuantity: 0 };
    const envelope = await h.publish(SupplierEvents.jobCompleted, jobs[first].cut, completed);
    // The same event again (same envelope id), stored by JetStream as a second message: a redelivery.
    await h.publish(SupplierEvents.jobCompleted, jobs[first].cut, completed, { id: envelope.id, msgID: `${envelope.id}-again` });
    await h.publish(SupplierEvents.jobProgressed, jobs[first].weld, {
      ...jobRef(order, first, jobs[first].weld, 'weld'),
      percent: 50,
    });
    const progressed = await waitFor('weld at 50%', async () => {
      const seen = await get(order.id);
      return seen.lines[0].progress.percent === 75 ? seen : undefined;
    });
    expect(progressed.lines[0].progress).toEqual({ jobs: 2, completed: 1, percent: 75 });
    expect(progressed.timeline.filter((t) => t.type === 'operation-completed')).toHaveLength(1);

    const shipment = (lineId: string, jobId: string, trackingNumber: string) => ({
      shipmentId: randomUUID(),
      supplierId: 'supplier-1',
      carrier: 'DHL',
      trackingNumber,
      jobs: [{ jobId, orderId: order.id, lineId }],
    });
    // Suppliers ships completed jobs only: each shipment follows its job's completion.
    const welded = (lineId: string) => ({
      ...jobRef(order, lineId, jobs[lineId].weld, 'weld'),
      goodQuantity: order.lines.find((l) => l.lineId === lineId)!.quantity,
      scrapQuantity: 0,
    });
    await h.publish(SupplierEvents.jobCompleted, jobs[first].weld, welded(first));
    // Two replicas share the consumer: the completion is seen before the shipment is sent, as a supplier would.
    const completedOps = async (n: number) =>
      waitFor(
        `${n} operations completed`,
        async () => (await get(order.id)).timeline.filter((t) => t.type === 'operation-completed').length === n,
      );
    await completedOps(2);
    await h.publish(SupplierEvents.shipmentDispatched, 'shipment-1', shipment(first, jobs[first].weld, 'TRACK-1'));
    await waitFor('first line shipped', async () => (await get(order.id)).timeline.some((t) => t.type === 'line-shipped'));
    expect((await get(order.id)).status).toBe('in_production');

    await h.publish(SupplierEvents.jobCompleted, jobs[second].weld, welded(second));
    await completedOps(3);
    await h.publish(SupplierEvents.shipmentDispatched, 'shipment-2', shipment(second, jobs[second].weld, 'TRACK-2'));
    const shipped = await h.waitForEvent(OrderEvents.shipped, order.id);
    expect(shipped.data.shipments).toEqual([
      { carrier: 'DHL', trackingNumber: 'TRACK-1' },
      { carrier: 'DHL', trackingNumber: 'TRACK-2' },
    ]);
    const final = await statusOf(order.id, 'shipped');
    expect(final.timeline.map((t) => t.type)).toEqual([
      'placed',
      'confirmed',
      'scheduled',
      'in-production',
      'operation-completed',
      'operation-completed',
      'line-shipped',
      'operation-completed',
      'line-shipped',
      'shipped',
    ]);
    expect(h.eventsOf(order.id).map((e) => [e.type, e.aggregateVersion])).toEqual([
      ['order.placed', 1],
      ['order.confirmed', 2],
      ['order.scheduled', 3],
      ['order.in-production', 4],
      ['order.shipped', 5],
    ]);
  });

  it('waits for the re-work of a scrapped last operation before it calls the order shipped', async () => {
    const { order, first, second, jobs, weld } = await firstWeldStarted();
    await h.publish(SupplierEvents.jobCompleted, jobs[first].weld, { ...weld(first), goodQuantity: 1, scrapQuantity: 0 });
    await h.publish(SupplierEvents.jobCompleted, jobs[second].weld, { ...weld(second), goodQuantity: 3, scrapQuantity: 1 });
    const shipment = (lineId: string, jobId: string, trackingNumber: string) => ({
      shipmentId: randomUUID(),
      supplierId: 'supplier-1',
      carrier: 'UPS',
      trackingNumber,
      jobs: [{ jobId, orderId: order.id, lineId }],
    });
    await h.publish(SupplierEvents.shipmentDispatched, 'ship-a', shipment(first, jobs[first].weld, 'A'));
    await h.publish(SupplierEvents.shipmentDispatched, 'ship-b', shipment(second, jobs[second].weld, 'B'));
    await waitFor(
      'both lines shipped once',
      async () => (await get(order.id)).timeline.filter((t) => t.type === 'line-shipped').length === 2,
    );
    // Scheduling's re-work job is not known yet: one chair is still to be made.
    expect((await get(order.id)).status).toBe('in_production');

    const reworkId = `job-${randomUUID()}`;
    const line = order.lines[1];
    await h.publish(SchedulingEvents.jobPlanned, reworkId, {
      ...{ jobId: reworkId, orderId: order.id, lineId: second, productId: line.productId, version: line.version },
      ...{ operationId: 'weld', sequence: 2, capability: 'welding', quantity: 1, durationMinutes: 8, factoryId: 'factory-1' },
      ...{
        supplierId: 'supplier-1',
        workCentre: 0,
        plannedStart: '2030-01-11T08:00:00.000Z',
        plannedEnd: '2030-01-11T09:00:00.000Z',
      },
      ...{ isLastOperation: true, reworkOf: jobs[second].weld },
    });
    const waiting = await waitFor('the re-work counted in the line', async () => {
      const seen = await get(order.id);
      return seen.lines[1].progress.jobs === 3 ? seen : undefined;
    });
    expect(waiting.status).toBe('in_production');
    expect(waiting.lines[1].progress.completed).toBe(1);

    const rework = { ...jobRef(order, second, reworkId, 'weld'), goodQuantity: 1, scrapQuantity: 0 };
    await h.publish(SupplierEvents.jobCompleted, reworkId, rework);
    await h.publish(SupplierEvents.shipmentDispatched, 'ship-c', shipment(second, reworkId, 'C'));
    const shipped = await h.waitForEvent(OrderEvents.shipped, order.id);
    expect(shipped.data.shipments.map((s) => s.trackingNumber)).toEqual(['A', 'B', 'C']);
    expect((await get(order.id)).lines[1].progress).toMatchObject({ jobs: 3, completed: 2 });
  });

  it('does not call an order shipped on shipments handled before the completions they follow (one with scrap)', async () => {
    const { order, first, second, jobs, weld } = await firstWeldStarted();
    for (const [lineId, tracking] of [
      [first, 'X'],
      [second, 'Y'],
    ]) {
      await h.publish(SupplierEvents.shipmentDispatched, `ship-${tracking}`, {
        ...{ shipmentId: randomUUID(), supplierId: 'supplier-1', carrier: 'UPS', trackingNumber: tracking },
        jobs: [{ jobId: jobs[lineId].weld, orderId: order.id, lineId }],
      });
    }
    await waitFor(
      'both lines shipped',
      async () => (await get(order.id)).timeline.filter((t) => t.type === 'line-shipped').length === 2,
    );
    await h.otherServicesEventsHandled();
    expect((await get(order.id)).status).toBe('in_production');
    // The completions land: one chair of the second line was scrapped, so its re-work is still owed.
    await h.publish(SupplierEvents.jobCompleted, jobs[first].weld, { ...weld(first), goodQuantity: 1, scrapQuantity: 0 });
    await h.publish(SupplierEvents.jobCompleted, jobs[second].weld, { ...weld(second), goodQuantity: 3, scrapQuantity: 1 });
    await h.otherServicesEventsHandled();
    const seen = await get(order.id);
    expect(seen.status).toBe('in_production');
    expect(h.eventsOf(order.id).map((e) => e.type)).not.toContain(OrderEvents.shipped.type);
  });

  it('catches up with a start reported before the plan arrived, and refuses to cancel meanwhile', async () => {
    const order = await confirmedOrder();
    const lineId = order.lines[0].lineId;
    const jobId = `job-${randomUUID()}`;
    await h.publish(SupplierEvents.jobStarted, jobId, jobRef(order, lineId, jobId, 'cut'));
    await waitFor('the start recorded', async () => (await get(order.id)).lines[0].progress.jobs === 1);
    expect((await get(order.id)).status).toBe('confirmed');
    expect((await failureOf(h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id }))).code).toBe(
      'INVALID_TRANSITION',
    );

    await h.publish(SchedulingEvents.orderPlanned, order.id, {
      orderId: order.id,
      promisedDate: STAND_IN_PROMISE,
      jobIds: [jobId],
    });
    const caughtUp = await statusOf(order.id, 'in_production');
    expect(caughtUp.timeline.map((t) => t.type)).toEqual(['placed', 'confirmed', 'scheduled', 'in-production']);
    expect(h.eventsOf(order.id).map((e) => e.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.scheduled',
      'order.in-production',
    ]);
  });

  it('is cancelled before production, which tells scheduling and suppliers to undo their work', async () => {
    const order = await confirmedOrder();
    await plan(order, STAND_IN_PROMISE);
    await statusOf(order.id, 'scheduled');
    const cancelled = await h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id, reason: 'changed my mind' });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusReason: 'changed my mind' });
    expect(cancelled.timeline.at(-1)?.message).toMatch(/offers to suppliers are withdrawn/);
    const event = await h.waitForEvent(OrderEvents.cancelled, order.id);
    expect(event.data).toEqual({ orderId: order.id, customerId, reason: 'changed my mind' });
    expect(event.aggregateVersion).toBe(4);

    // Its answer lost, the customer asks again: the same cancelled order, nothing more happens.
    const again = await h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id });
    expect(again).toEqual(cancelled);
    expect(h.eventsOf(order.id).filter((e) => e.type === 'order.cancelled')).toHaveLength(1);
    // Late news from scheduling does not bring a cancelled order back.
    await h.publish(SchedulingEvents.orderPlanned, order.id, {
      orderId: order.id,
      promisedDate: '2030-03-01T00:00:00.000Z',
      jobIds: [],
    });
    const marker = await confirmedOrder();
    await h.publish(SchedulingEvents.orderUnplannable, marker.id, { orderId: marker.id, code: 'X', reason: 'marker' });
    await statusOf(marker.id, 'on_hold');
    expect((await get(order.id)).status).toBe('cancelled');
  });

  it('ignores a plan older than the one applied, however late it arrives: a stale "unplannable" does not put it on hold', async () => {
    const order = await confirmedOrder();
    await h.publish(
      SchedulingEvents.orderPlanned,
      order.id,
      { orderId: order.id, promisedDate: STAND_IN_PROMISE, jobIds: [] },
      { aggregateVersion: 3 },
    );
    await statusOf(order.id, 'scheduled');
    // Revision 2 was published before 3 but delivered after it (a redelivery, or another replica).
    await h.publish(
      SchedulingEvents.orderUnplannable,
      order.id,
      { orderId: order.id, code: 'NO_CAPACITY', reason: 'stale' },
      { aggregateVersion: 2 },
    );
    await h.publish(
      SchedulingEvents.orderPlanned,
      order.id,
      { orderId: order.id, promisedDate: '2029-01-01T00:00:00.000Z', jobIds: [] },
      { aggregateVersion: 1 },
    );
    // A newer one still applies.
    await h.publish(
      SchedulingEvents.orderPlanned,
      order.id,
      { orderId: order.id, promisedDate: '2031-06-01T00:00:00.000Z', jobIds: [] },
      { aggregateVersion: 4 },
    );
    const moved = await h.waitForEvent(OrderEvents.promiseChanged, order.id);
    expect(moved.data.promisedDate).toBe('2031-06-01T00:00:00.000Z');
    const seen = await get(order.id);
    expect(seen).toMatchObject({ status: 'scheduled', promisedDate: '2031-06-01T00:00:00.000Z' });
    expect(seen.timeline.map((t) => t.type)).toEqual(['placed', 'confirmed', 'scheduled', 'promise-changed']);
  });

  it('goes on hold while in production when its re-work cannot be planned, cannot be cancelled then, and goes on when it is', async () => {
    const order = await confirmedOrder();
    const [first] = order.lines.map((l) => l.lineId);
    const jobs = await plan(order, STAND_IN_PROMISE);
    await h.publish(SupplierEvents.jobStarted, jobs[first].cut, jobRef(order, first, jobs[first].cut, 'cut'));
    await statusOf(order.id, 'in_production');
    await h.publish(SchedulingEvents.orderUnplannable, order.id, {
      orderId: order.id,
      code: 'NO_CAPACITY_IN_HORIZON',
      reason: 're-work cannot be planned: no capacity',
    });
    const held = await statusOf(order.id, 'on_hold');
    expect(held.statusReason).toBe('re-work cannot be planned: no capacity');
    expect((await failureOf(h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id }))).code).toBe(
      'INVALID_TRANSITION',
    );
    await h.publish(SchedulingEvents.orderPlanned, order.id, { orderId: order.id, promisedDate: STAND_IN_PROMISE, jobIds: [] });
    const going = await statusOf(order.id, 'in_production');
    expect(going.timeline.map((t) => t.type).slice(-3)).toEqual(['on-hold', 'scheduled', 'in-production']);
  });

  it('is not cancelled when suppliers says production has started there, though orders has not heard of it yet', async () => {
    const order = await confirmedOrder();
    await plan(order, STAND_IN_PROMISE);
    await statusOf(order.id, 'scheduled');
    h.startedAtSuppliers.add(order.id);
    const refused = await failureOf(h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id }));
    expect(refused).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringMatching(/Production has started/) });
    expect((await get(order.id)).status).toBe('scheduled');
    expect(h.eventsOf(order.id).map((e) => e.type)).not.toContain('order.cancelled');
  });

  it('is cancelled by suppliers closing it, when orders died before recording the cancel it had asked for', async () => {
    const order = await confirmedOrder();
    await plan(order, STAND_IN_PROMISE);
    await statusOf(order.id, 'scheduled');
    const closed = { orderId: order.id, reason: 'no longer needed' };
    await h.publish(SupplierEvents.orderClosed, order.id, closed);
    const event = await h.waitForEvent(OrderEvents.cancelled, order.id);
    expect(event.data).toEqual({ orderId: order.id, customerId, reason: 'no longer needed' });
    // Delivered again, and the customer's own retry: still one cancellation.
    await h.publish(SupplierEvents.orderClosed, order.id, closed);
    expect((await h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id })).status).toBe('cancelled');
    // A later event on the same stream handled means the redelivery before it was too.
    const marker = await confirmedOrder();
    await h.publish(SupplierEvents.orderClosed, marker.id, { orderId: marker.id, reason: null });
    await h.waitForEvent(OrderEvents.cancelled, marker.id);
    expect(h.eventsOf(order.id).filter((e) => e.type === 'order.cancelled')).toHaveLength(1);
  });

  it('cancels a placed or confirmed order at once', async () => {
    const order = await confirmedOrder();
    const cancelled = await h.client.request(OrdersRequests.cancel, { customerId, orderId: order.id });
    expect(cancelled.status).toBe('cancelled');
    expect((await h.waitForEvent(OrderEvents.cancelled, order.id)).data.reason).toBeNull();
  });
});
