import { OrderEvents, SchedulingEvents, SchedulingRequests, SupplierEvents } from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import { confirmedOrder, factory, SchedulingHarness } from '../testing/scheduling-harness';

const MINUTE = 60_000;
const TRANSFER = 240 * MINUTE;

describe('scheduling plans confirmed orders (integration)', () => {
  const harness = new SchedulingHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.publish(SupplierEvents.factoryRegistered, factory('cutter', [['cutting']]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('sewer', [['sewing'], ['cutting', 1, 3]]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('finisher', [['finishing', 2]]));
  });

  afterAll(() => harness.stop());

  it('plans every operation on a capable factory in routing order, then promises the latest end', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder(
        'o-three',
        [
          [
            ['cutting', 30],
            ['sewing', 60],
            ['finishing', 15],
          ],
        ],
        2,
      ),
    );
    const [planned] = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-three');
    const jobs = harness
      .events(SchedulingEvents.jobPlanned, (d) => d.orderId === 'o-three')
      .sort((a, b) => a.sequence - b.sequence);
    const offers = harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === 'o-three');
    expect(jobs.map((j) => [j.capability, j.factoryId, j.durationMinutes])).toEqual([
      ['cutting', 'cutter', 60],
      ['sewing', 'sewer', 120],
      ['finishing', 'finisher', 30],
    ]);
    expect(jobs.map((j) => j.isLastOperation)).toEqual([false, false, true]);
    for (let i = 1; i < jobs.length; i++) {
      expect(Date.parse(jobs[i].plannedStart)).toBeGreaterThanOrEqual(Date.parse(jobs[i - 1].plannedEnd) + TRANSFER);
    }
    expect(offers.map((o) => o.jobId).sort()).toEqual(jobs.map((j) => j.jobId).sort());
    expect(offers[0]).toMatchObject({ selections: { colour: 'red' }, bom: [{ item: 'wood', quantity: '2', unit: 'm' }] });
    expect(planned.jobIds.sort()).toEqual(jobs.map((j) => j.jobId).sort());
    expect(planned.promisedDate).toBe(jobs[2].plannedEnd);
    expect(harness.events(SchedulingEvents.planChanged, (d) => d.orderIds.includes('o-three')).length).toBeGreaterThan(0);
  });

  it('plans nothing twice when order.confirmed is delivered again', async () => {
    const first = await harness.publish(OrderEvents.confirmed, confirmedOrder('o-twice', [[['finishing', 10]]]));
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-twice');
    // The same event redelivered (past JetStream's de-duplication), and the same fact under another event id.
    await harness.publish(OrderEvents.confirmed, first.data as never, { id: first.id, msgID: `${first.id}-again` });
    await harness.publish(OrderEvents.confirmed, first.data as never);
    // Events of a stream are handled in order: once the next order is planned, the repeats were handled.
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-after', [[['finishing', 10]]]));
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-after');
    expect(harness.events(SchedulingEvents.jobPlanned, (d) => d.orderId === 'o-twice')).toHaveLength(1);
    expect(harness.events(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-twice')).toHaveLength(1);
    const operations = await harness.plan();
    expect(operations.filter((o) => o.orderId === 'o-twice')).toHaveLength(1);
  });

  it('quotes a promise without changing the plan', async () => {
    const before = await harness.plan();
    const routing = [
      { operationId: 'a', sequence: 1, capability: 'cutting', durationMinutes: 20 },
      { operationId: 'b', sequence: 2, capability: 'sewing', durationMinutes: 20 },
    ];
    const quote = await harness.request(SchedulingRequests.quote, { lines: [{ lineId: 'l1', quantity: 3, routing }] });
    expect(Date.parse(quote.promisedDate!)).toBeGreaterThan(Date.now() + TRANSFER);
    const impossible = await harness.request(SchedulingRequests.quote, {
      lines: [
        { lineId: 'l1', quantity: 1, routing: [{ operationId: 'x', sequence: 1, capability: 'levitation', durationMinutes: 5 }] },
      ],
    });
    expect(impossible).toMatchObject({ promisedDate: null, reason: expect.stringContaining('levitation') });
    expect(await harness.plan()).toEqual(before);
  });

  it('cancelling the order withdraws every job of it', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder('o-cancel', [
        [
          ['cutting', 10],
          ['finishing', 10],
        ],
      ]),
    );
    const [planned] = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-cancel');
    await harness.publish(OrderEvents.cancelled, { orderId: 'o-cancel', customerId: 'customer-1', reason: 'changed my mind' });
    const cancelled = await harness.waitForEvents(SchedulingEvents.jobCancelled, (d) => d.orderId === 'o-cancel', 2);
    expect(cancelled.map((c) => c.jobId).sort()).toEqual([...planned.jobIds].sort());
    expect(cancelled[0]).toMatchObject({ reason: 'changed my mind', supplierId: expect.stringMatching(/^supplier-/) });
    await waitFor('the jobs to leave the plan', async () => {
      const operations = await harness.plan();
      return operations.every((o) => o.orderId !== 'o-cancel');
    });
  });

  it('holds an order nobody can make, and plans it once a capable factory registers', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder('o-anodize', [
        [
          ['cutting', 10],
          ['anodizing', 30],
        ],
      ]),
    );
    const [held] = await harness.waitForEvents(SchedulingEvents.orderUnplannable, (d) => d.orderId === 'o-anodize');
    expect(held).toMatchObject({ code: 'NO_CAPABLE_FACTORY', reason: expect.stringContaining('anodizing') });
    expect(harness.events(SchedulingEvents.jobPlanned, (d) => d.orderId === 'o-anodize')).toHaveLength(0);
    await harness.publish(SupplierEvents.factoryRegistered, factory('anodizer', [['anodizing']]));
    const [planned] = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-anodize');
    expect(planned.jobIds).toHaveLength(2);
    const anodizing = harness.events(
      SchedulingEvents.jobOffered,
      (d) => d.orderId === 'o-anodize' && d.capability === 'anodizing',
    );
    expect(anodizing.map((j) => j.factoryId)).toEqual(['anodizer']);
  });

  // Last: it moves the app's clock for good.
  it("quotes and plans from the app's clock, so promises follow the time the tests set", async () => {
    const WEEK = 7 * 24 * 60 * MINUTE;
    harness.advanceClock(WEEK);
    const routing = [{ operationId: 'a', sequence: 1, capability: 'finishing', durationMinutes: 20 }];
    const quote = await harness.request(SchedulingRequests.quote, { lines: [{ lineId: 'l1', quantity: 1, routing }] });
    expect(Date.parse(quote.promisedDate!)).toBeGreaterThan(Date.now() + WEEK);
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-next-week', [[['finishing', 10]]]));
    const [planned] = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-next-week');
    expect(Date.parse(planned.promisedDate!)).toBeGreaterThan(Date.now() + WEEK);
    const [job] = harness.events(SchedulingEvents.jobPlanned, (d) => d.orderId === 'o-next-week');
    expect(Date.parse(job.plannedStart)).toBeGreaterThanOrEqual(Date.now() + WEEK - MINUTE);
  });
});
