import { OrderEvents, SchedulingEvents, SupplierEvents, type JobData } from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import { confirmedOrder, factory, jobRef, SchedulingHarness } from '../testing/scheduling-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('scheduling re-plans when suppliers or calendars say so (integration)', () => {
  const harness = new SchedulingHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.publish(SupplierEvents.factoryRegistered, factory('press-a', [['pressing']]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('press-b', [['pressing', 1, 1.5]]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('press-c', [['pressing', 1, 2]]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('mill', [['milling']]));
    await harness.publish(SupplierEvents.factoryRegistered, factory('polish', [['polishing']]));
  });

  afterAll(() => harness.stop());

  async function planned(orderId: string): Promise<JobData[]> {
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === orderId);
    return harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === orderId).sort((a, b) => a.sequence - b.sequence);
  }

  /** Where a moved job is now: the same job rescheduled (same factory and work centre), or its replacement. */
  async function movedJob(
    job: JobData,
  ): Promise<{ jobId: string; factoryId: string; plannedStart: string; plannedEnd: string; reason: string }> {
    return waitFor(`job ${job.jobId} to move`, () => {
      const [rescheduled] = harness.events(SchedulingEvents.jobRescheduled, (d) => d.jobId === job.jobId);
      if (rescheduled) return rescheduled;
      const [replanned] = harness.events(SchedulingEvents.jobReplanned, (d) => d.jobId === job.jobId);
      const [offer] = replanned ? harness.events(SchedulingEvents.jobOffered, (d) => d.jobId === replanned.replacedBy) : [];
      return offer && { ...offer, reason: replanned.reason };
    });
  }

  async function replacementOf(job: JobData): Promise<JobData> {
    const [replanned] = await harness.waitForEvents(SchedulingEvents.jobReplanned, (d) => d.jobId === job.jobId);
    const [offer] = await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.jobId === replanned.replacedBy);
    return offer;
  }

  it('re-plans a rejected job on another capable factory, then an expired one on a third', async () => {
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-reject', [[['pressing', 60]]]));
    const [first] = await planned('o-reject');
    expect(first.factoryId).toBe('press-a');
    await harness.publish(SupplierEvents.jobRejected, { ...jobRef(first), reason: 'no material' });
    const second = await replacementOf(first);
    expect(second.jobId).not.toBe(first.jobId);
    expect(second).toMatchObject({ factoryId: 'press-b', operationId: first.operationId, lineId: first.lineId });
    expect(harness.events(SchedulingEvents.jobReplanned, (d) => d.jobId === first.jobId)[0].reason).toContain('no material');
    await harness.publish(SupplierEvents.jobExpired, jobRef(second));
    const third = await replacementOf(second);
    expect(third.factoryId).toBe('press-c');
    // The promise moved each time (slower factories): the order is planned again.
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-reject', 3);
    expect(promises.map((p) => p.promisedDate)).toEqual([first.plannedEnd, second.plannedEnd, third.plannedEnd]);
    expect(promises[2].jobIds).toEqual([third.jobId]);
  });

  it('keeps the offer of the next operation when the one before it is rejected: its supplier may be accepting it right now', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder('o-next', [
        [
          ['pressing', 60],
          ['milling', 30],
        ],
      ]),
    );
    const [press, mill] = await planned('o-next');
    await harness.publish(SupplierEvents.jobRejected, { ...jobRef(press), reason: 'press broken' });
    const pressAgain = await replacementOf(press);
    // The mill's supplier accepts the offer it kept meanwhile. (Published only now: two replicas share
    // the consumer, and an acceptance handled before the rejection would pin the mill where it was.)
    await harness.publish(SupplierEvents.jobAccepted, jobRef(mill));
    expect(pressAgain.factoryId).not.toBe(press.factoryId);
    const [later] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === mill.jobId);
    expect(later).toMatchObject({ factoryId: mill.factoryId });
    expect(Date.parse(later.plannedStart)).toBeGreaterThanOrEqual(Date.parse(pressAgain.plannedEnd));
    // Never withdrawn, never replaced: one mill job, which its supplier accepted, in the plan.
    expect(harness.events(SchedulingEvents.jobCancelled, (d) => d.jobId === mill.jobId)).toEqual([]);
    expect(harness.events(SchedulingEvents.jobReplanned, (d) => d.jobId === mill.jobId)).toEqual([]);
    await waitFor('the accepted mill job in the plan', async () =>
      (await harness.plan({ factoryId: mill.factoryId, status: 'accepted' })).some((o) => o.jobId === mill.jobId),
    );
  });

  it('moves non-firm work out of a closure, keeps the accepted job, and promises again', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder('o-closure', [
        [
          ['milling', 120],
          ['milling', 120],
        ],
      ]),
    );
    const [firm, loose] = await planned('o-closure');
    await harness.publish(SupplierEvents.jobAccepted, jobRef(firm));
    // The acceptance lands first (two replicas share the consumer: without waiting, the calendar could be handled before it).
    await waitFor('the accepted job in the plan', async () =>
      (await harness.plan({ factoryId: 'mill', status: 'accepted' })).some((o) => o.jobId === firm.jobId),
    );
    const closure = {
      from: new Date(Date.parse(firm.plannedStart) - HOUR).toISOString(),
      to: new Date(Date.parse(loose.plannedEnd) + HOUR).toISOString(),
    };
    await harness.publish(
      SupplierEvents.calendarChanged,
      factory('mill', [['milling']], { workingHours: [], closures: [closure] }),
    );
    // It stays at the only milling factory and work centre: rescheduled, the supplier's offer stands.
    const [moved] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === loose.jobId);
    expect(moved).toMatchObject({ factoryId: 'mill', workCentre: loose.workCentre, supplierId: loose.supplierId });
    expect(moved.reason).toContain('calendar');
    expect(Date.parse(moved.plannedStart)).toBeGreaterThanOrEqual(Date.parse(closure.to));
    expect(harness.events(SchedulingEvents.jobCancelled, (d) => d.jobId === loose.jobId)).toHaveLength(0);
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-closure', 2);
    expect(promises[1]).toMatchObject({
      promisedDate: moved.plannedEnd,
      jobIds: expect.arrayContaining([firm.jobId, loose.jobId]),
    });
    expect(harness.events(SchedulingEvents.jobReplanned, (d) => d.jobId === firm.jobId)).toHaveLength(0);
    expect(harness.events(SchedulingEvents.jobCancelled, (d) => d.jobId === firm.jobId)).toHaveLength(0);
    const operations = await harness.plan({ factoryId: 'mill' });
    expect(operations.find((o) => o.jobId === firm.jobId)).toMatchObject({
      start: firm.plannedStart,
      end: firm.plannedEnd,
      firm: true,
      status: 'accepted',
    });
  });

  it('moves the successors of a delayed job and promises later', async () => {
    await harness.publish(
      OrderEvents.confirmed,
      confirmedOrder('o-delay', [
        [
          ['polishing', 30],
          ['pressing', 30],
        ],
      ]),
    );
    const [delayed, next] = await planned('o-delay');
    await harness.publish(SupplierEvents.jobAccepted, jobRef(delayed));
    await harness.publish(SupplierEvents.jobStarted, jobRef(delayed));
    const newEnd = new Date(Date.parse(delayed.plannedEnd) + 24 * HOUR).toISOString();
    await harness.publish(SupplierEvents.jobDelayed, { ...jobRef(delayed), newEnd, reason: 'machine broke' });
    const moved = await movedJob(next);
    expect(moved.reason).toBe('delayed');
    expect(Date.parse(moved.plannedStart)).toBeGreaterThanOrEqual(Date.parse(newEnd) + 240 * MINUTE);
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-delay', 2);
    expect(promises[1].promisedDate).toBe(moved.plannedEnd);
    await waitFor('the delayed job to end later in the plan', async () => {
      const operations = await harness.plan({ factoryId: 'polish' });
      return operations.find((o) => o.jobId === delayed.jobId && o.end === newEnd && o.status === 'in_progress');
    });
  });
});
