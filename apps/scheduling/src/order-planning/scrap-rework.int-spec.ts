import { OrderEvents, SchedulingEvents, SchedulingRequests, SupplierEvents, type JobData } from '@atelier/contracts';
import { schemaOf } from '@atelier/messaging';
import { waitFor } from '@atelier/testing';
import { DataSource } from 'typeorm';
import { confirmedOrder, factory, jobRef, SchedulingHarness } from '../testing/scheduling-harness';

const MINUTE = 60_000;
const TRANSFER = 240 * MINUTE;
/** A line only the engraver can make: its quote says whether the engraver has capacity. */
const engravingProbe = {
  lineId: 'probe',
  quantity: 1,
  routing: [{ operationId: 'engrave', sequence: 1, capability: 'engraving', durationMinutes: 10 }],
};

describe('scheduling makes scrapped work again (integration)', () => {
  const harness = new SchedulingHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.publish(SupplierEvents.factoryRegistered, factory('cutter', [['cutting']]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('slow-cutter', [['cutting', 1, 3]]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('welder', [['welding']]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('engraver', [['engraving']]));
    // Factories come on SUPPLIERS, orders on ORDERS: no order between the two streams, so wait until they are known.
    await waitFor(
      'the engraver in the network',
      async () => (await harness.request(SchedulingRequests.quote, { lines: [engravingProbe] })).promisedDate !== null,
    );
  });

  afterAll(() => harness.stop());

  async function planned(orderId: string): Promise<JobData[]> {
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === orderId);
    return harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === orderId).sort((a, b) => a.sequence - b.sequence);
  }

  it('plans the scrapped quantity as a new job before the next step, which moves, and so does the promise', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder(
        'o-scrap',
        [
          [
            ['cutting', 60],
            ['welding', 30],
          ],
        ],
        4,
      ),
    );
    const [cut, weld] = await planned('o-scrap');
    expect(cut).toMatchObject({ factoryId: 'cutter', durationMinutes: 240 });
    await harness.publish(SupplierEvents.jobAccepted, jobRef(cut));
    await harness.publish(SupplierEvents.jobStarted, jobRef(cut));
    const completion = await harness.publish(SupplierEvents.jobCompleted, { ...jobRef(cut), goodQuantity: 3, scrapQuantity: 1 });

    const [rework] = await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.reworkOf === cut.jobId);
    expect(rework).toMatchObject({
      orderId: 'o-scrap',
      lineId: cut.lineId,
      operationId: cut.operationId,
      sequence: cut.sequence,
    });
    expect(rework).toMatchObject({ quantity: 1, durationMinutes: 60, factoryId: 'cutter', isLastOperation: false });
    expect(rework.selections).toEqual({ colour: 'red' });
    expect(harness.events(SchedulingEvents.jobPlanned, (d) => d.jobId === rework.jobId)).toHaveLength(1);
    expect(Date.parse(rework.plannedStart)).toBeGreaterThanOrEqual(Date.parse(cut.plannedEnd));
    // Made from the scrapped job but without its scrap: else, once completed, it would count as scrapped and be made again.
    const dataSource = harness.get(DataSource);
    const [{ scrap_quantity }] = await dataSource.query(
      `SELECT "scrap_quantity" FROM "${schemaOf(dataSource)}"."jobs" WHERE "id" = $1`,
      [rework.jobId],
    );
    expect(scrap_quantity).toBe(0);

    // Welding cannot start before the re-worked part is cut and transferred: it moves (same welder: rescheduled).
    const [movedWeld] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === weld.jobId);
    expect(Date.parse(movedWeld.plannedStart)).toBeGreaterThanOrEqual(Date.parse(rework.plannedEnd) + TRANSFER);
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-scrap', 2);
    expect(promises[1].promisedDate).toBe(movedWeld.plannedEnd);
    expect(Date.parse(promises[1].promisedDate)).toBeGreaterThan(Date.parse(promises[0].promisedDate));
    expect(promises[1].jobIds).toEqual(expect.arrayContaining([cut.jobId, rework.jobId, weld.jobId]));

    // The same completion again under another event id makes nothing twice; a refused re-work goes elsewhere.
    await harness.publish(SupplierEvents.jobCompleted, completion.data as never);
    await harness.publish(SupplierEvents.jobRejected, { ...jobRef(rework), reason: 'no blades' });
    const [replanned] = await harness.waitForEvents(SchedulingEvents.jobReplanned, (d) => d.jobId === rework.jobId);
    const [again] = await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.jobId === replanned.replacedBy);
    expect(again).toMatchObject({ reworkOf: cut.jobId, factoryId: 'slow-cutter', quantity: 1, durationMinutes: 60 });
    expect(harness.events(SchedulingEvents.jobOffered, (d) => d.reworkOf === cut.jobId)).toHaveLength(2);
    await waitFor('the plan to show the re-work and the moved welding', async () => {
      const operations = await harness.plan();
      const mine = operations.filter((o) => o.orderId === 'o-scrap');
      const weldNow = mine.find((o) => o.operationId === weld.operationId);
      const ready = Date.parse(again.plannedEnd) + TRANSFER;
      return mine.some((o) => o.jobId === again.jobId) && weldNow && Date.parse(weldNow.start) >= ready;
    });
  });

  it('leaves the plan alone when the job completes without scrap', async () => {
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-clean', [[['welding', 10]]]));
    const [job] = await planned('o-clean');
    await harness.publish(SupplierEvents.jobAccepted, jobRef(job));
    await harness.publish(SupplierEvents.jobStarted, jobRef(job));
    await harness.publish(SupplierEvents.jobCompleted, { ...jobRef(job), goodQuantity: 1, scrapQuantity: 0 });
    await waitFor('the job completed in the plan', async () => {
      const operations = await harness.plan({ factoryId: 'welder', status: 'completed' });
      return operations.find((o) => o.jobId === job.jobId && o.status === 'completed');
    });
    expect(harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === 'o-clean')).toHaveLength(1);
  });

  it('makes the re-work even when the completion arrives before the acceptance and start it follows, which then change nothing', async () => {
    // A redelivered or concurrently handled event can overtake the ones before it: the completion comes first.
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-early', [[['welding', 10]]], 2));
    const [job] = await planned('o-early');
    await harness.publish(SupplierEvents.jobCompleted, { ...jobRef(job), goodQuantity: 1, scrapQuantity: 1 });
    await harness.publish(SupplierEvents.jobStarted, jobRef(job));
    await harness.publish(SupplierEvents.jobAccepted, jobRef(job));
    const [rework] = await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.reworkOf === job.jobId);
    expect(rework).toMatchObject({ orderId: 'o-early', quantity: 1 });
    await waitFor('the job completed in the plan, not taken back by the late reports', async () => {
      const operations = await harness.plan({ factoryId: 'welder', status: 'completed' });
      return operations.find((o) => o.jobId === job.jobId && o.status === 'completed');
    });
    // A later report on the same stream handled means the late start and acceptance were too: they moved nothing back.
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-marker', [[['welding', 10]]], 2));
    const [marker] = await planned('o-marker');
    await harness.publish(SupplierEvents.jobCompleted, { ...jobRef(marker), goodQuantity: 1, scrapQuantity: 1 });
    await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.reworkOf === marker.jobId);
    expect((await harness.plan({ factoryId: 'welder', status: 'completed' })).some((o) => o.jobId === job.jobId)).toBe(true);
    expect(harness.events(SchedulingEvents.jobOffered, (d) => d.reworkOf === job.jobId)).toHaveLength(1);
  });

  it('holds the order when its re-work finds no place, and makes the re-work once capacity appears', async () => {
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-closed', [[['engraving', 60]]], 2));
    const [job] = await planned('o-closed');
    await harness.publish(SupplierEvents.jobAccepted, jobRef(job));
    await harness.publish(SupplierEvents.jobStarted, jobRef(job));
    // The only engraver closes for longer than the planning horizon, then the job comes back with scrap.
    const closedForYears = {
      workingHours: [],
      closures: [
        { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 800 * 86_400_000).toISOString() },
      ],
    };
    await harness.publish(SupplierEvents.calendarChanged, factory('engraver', [['engraving']], closedForYears));
    // Replicas share the consumer, so a later event can be applied first: the completion waits until the job runs and the
    // engraver is closed in the plan (else the re-work is planned, then moved by the closure, and held for that instead).
    await waitFor('the job running at the closed engraver', async () => {
      const [running] = await harness.plan({ factoryId: 'engraver', status: 'in_progress' });
      const quote = await harness.request(SchedulingRequests.quote, { lines: [engravingProbe] });
      return running?.jobId === job.jobId && quote.promisedDate === null;
    });
    await harness.publish(SupplierEvents.jobCompleted, { ...jobRef(job), goodQuantity: 1, scrapQuantity: 1 });
    const [held] = await harness.waitForEvents(SchedulingEvents.orderUnplannable, (d) => d.orderId === 'o-closed');
    expect(held.reason).toMatch(/re-work cannot be planned/);
    expect(harness.events(SchedulingEvents.jobOffered, (d) => d.reworkOf === job.jobId)).toEqual([]);

    // The engraver opens again: the re-work is planned without anyone asking, and the order with it.
    await harness.publish(SupplierEvents.calendarChanged, factory('engraver', [['engraving']]));
    const [rework] = await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.reworkOf === job.jobId);
    expect(rework).toMatchObject({ orderId: 'o-closed', factoryId: 'engraver', quantity: 1 });
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-closed', 2);
    expect(promises[1].jobIds).toContain(rework.jobId);
  });
});
