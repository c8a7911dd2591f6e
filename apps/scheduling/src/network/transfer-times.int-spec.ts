import { OrderEvents, SchedulingEvents, SchedulingRequests, SupplierEvents, type JobData } from '@atelier/contracts';
import { testNamespace, waitFor } from '@atelier/testing';
import { confirmedOrder, factory, jobRef, SchedulingHarness } from '../testing/scheduling-harness';

const MINUTE = 60_000;
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

describe('transfer times between factories (integration)', () => {
  // As if started with TRANSFER_MINUTES_DEFAULT=90.
  const harness = new SchedulingHarness(testNamespace('transfer'), { transferMinutesDefault: 90 });
  let cut: JobData;
  let sew: JobData;

  beforeAll(async () => {
    await harness.start();
    await harness.publish(SupplierEvents.factoryRegistered, factory('cutter', [['cutting']]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('sewer', [['sewing']]));
  });

  afterAll(() => harness.stop());

  it('starts with the configured default and plans the successor after it', async () => {
    expect(await harness.request(SchedulingRequests.getTransferTimes, {})).toMatchObject({
      defaultMinutes: 90,
      pairs: [],
      revision: 0,
    });
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder('o-transfer', [
        [
          ['cutting', 60],
          ['sewing', 30],
        ],
      ]),
    );
    const [planned] = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-transfer');
    [cut, sew] = harness
      .events(SchedulingEvents.jobOffered, (d) => d.orderId === 'o-transfer')
      .sort((a, b) => a.sequence - b.sequence);
    expect([cut.factoryId, sew.factoryId]).toEqual(['cutter', 'sewer']);
    expect(sew.plannedStart).toBe(at(cut.plannedEnd, 90));
    expect(planned.promisedDate).toBe(sew.plannedEnd);
  });

  it('moves the non-firm successor and the promise when the time between the factories grows', async () => {
    await harness.publish(SupplierEvents.jobAccepted, jobRef(cut));
    await waitFor('the cutting job to be firm', async () => {
      const operations = await harness.plan({ factoryId: 'cutter' });
      return operations.find((o) => o.jobId === cut.jobId && o.firm);
    });
    // Given from sewer to cutter: the matrix is read both ways.
    const replaced = await harness.request(SchedulingRequests.replaceTransferTimes, {
      defaultMinutes: 90,
      pairs: [{ fromFactoryId: 'sewer', toFactoryId: 'cutter', minutes: 600 }],
    });
    expect(replaced).toMatchObject({
      defaultMinutes: 90,
      pairs: [{ fromFactoryId: 'sewer', toFactoryId: 'cutter', minutes: 600 }],
      revision: 1,
    });
    const [moved] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === sew.jobId);
    expect(moved).toMatchObject({
      factoryId: 'sewer',
      workCentre: sew.workCentre,
      reason: 'transfer times changed',
      plannedStart: at(cut.plannedEnd, 600),
    });
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-transfer', 2);
    expect(promises[1].promisedDate).toBe(moved.plannedEnd);
    const [changed] = await harness.waitForEvents(
      SchedulingEvents.planChanged,
      (d) => d.orderIds.includes('o-transfer') && d.factoryIds.includes('sewer'),
    );
    expect(changed.factoryIds).toEqual(['cutter', 'sewer']);
    // The accepted job stays where it was.
    expect(harness.events(SchedulingEvents.jobRescheduled, (d) => d.jobId === cut.jobId)).toHaveLength(0);
    expect(harness.events(SchedulingEvents.jobReplanned, (d) => d.jobId === cut.jobId)).toHaveLength(0);
    const operations = await harness.plan();
    expect(operations.find((o) => o.jobId === cut.jobId)).toMatchObject({ start: cut.plannedStart, end: cut.plannedEnd });
    expect(operations.find((o) => o.jobId === sew.jobId)).toMatchObject({ start: moved.plannedStart, end: moved.plannedEnd });
  });

  it('answers VALIDATION_FAILED to invalid matrices and changes nothing', async () => {
    const before = await harness.request(SchedulingRequests.getTransferTimes, {});
    const planBefore = await harness.plan();
    const planChanges = harness.events(SchedulingEvents.planChanged).length;
    const pair = (fromFactoryId: string, toFactoryId: string, minutes = 30) => ({ fromFactoryId, toFactoryId, minutes });
    const invalid: unknown[] = [
      { defaultMinutes: -1, pairs: [] },
      { defaultMinutes: 1.5, pairs: [] },
      { defaultMinutes: 60 * 24 * 60 + 1, pairs: [] },
      { defaultMinutes: 30, pairs: [pair('cutter', 'sewer', -5)] },
      { defaultMinutes: 30, pairs: [pair('cutter', 'cutter')] },
      { defaultMinutes: 30, pairs: [pair('cutter', 'sewer'), pair('cutter', 'sewer', 45)] },
      { pairs: [] },
    ];
    for (const body of invalid) {
      await expect(harness.request(SchedulingRequests.replaceTransferTimes, body as never)).rejects.toThrow(/^VALIDATION_FAILED/);
    }
    await expect(
      harness.request(SchedulingRequests.replaceTransferTimes, {
        defaultMinutes: 30,
        pairs: [pair('cutter', 'ghost'), pair('phantom', 'sewer')],
      }),
    ).rejects.toThrow(/^VALIDATION_FAILED: Unknown factories: ghost, phantom/);
    // Nothing was stored, re-planned or announced: the outbox publishes in commit order, so once a later
    // change's events are out, anything the refused requests had written would be out before them.
    const seen = harness.allEvents.length;
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-tt-marker', [[['cutting', 10]]]));
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-tt-marker');
    const since = harness.allEvents.slice(seen).map((e) => e.data as { orderId?: string; orderIds?: string[] });
    expect(since.filter((d) => d.orderId !== 'o-tt-marker' && !d.orderIds?.includes('o-tt-marker'))).toEqual([]);
    expect(await harness.request(SchedulingRequests.getTransferTimes, {})).toEqual(before);
    expect((await harness.plan()).filter((o) => o.orderId !== 'o-tt-marker')).toEqual(planBefore);
    expect(harness.events(SchedulingEvents.planChanged, (d) => !d.orderIds.includes('o-tt-marker'))).toHaveLength(planChanges);
  });
});
