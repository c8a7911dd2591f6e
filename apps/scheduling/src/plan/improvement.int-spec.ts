import { OrderEvents, SchedulingEvents, SupplierEvents, type JobData } from '@atelier/contracts';
import { testNamespace, waitFor } from '@atelier/testing';
import { confirmedOrder, factory, jobRef, SchedulingHarness } from '../testing/scheduling-harness';
import { IMPROVE_PLAN, PlanningQueue } from './planning-queue';
import { ImprovementRuns } from './improvement-runs';

const HOUR = 3_600_000;

describe('the background improvement pass (integration)', () => {
  const harness = new SchedulingHarness(
    testNamespace('improve'),
    { improvementTimeLimitMs: 300, improvementDelayMs: 2_500 },
    {},
    1,
  );
  // The lathe opens tomorrow, so nothing on it has started when the pass runs.
  const opens = new Date(Math.ceil((Date.now() + 24 * HOUR) / HOUR) * HOUR);
  const closed = { from: new Date(Date.now() - HOUR).toISOString(), to: opens.toISOString() };

  beforeAll(async () => {
    await harness.start();
    await harness.publish(
      SupplierEvents.factoryRegistered,
      factory('lathe', [['turning']], { workingHours: [], closures: [closed] }),
    );
    await harness.publish(SupplierEvents.factoryRegistered, factory('drill', [['drilling', 4]]));
  });

  afterAll(() => harness.stop());

  async function planned(orderId: string): Promise<JobData> {
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === orderId);
    return harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === orderId)[0];
  }

  const idle = async () => (await harness.get(PlanningQueue).pending(IMPROVE_PLAN)) === 0;

  it('puts an urgent order ahead of a non-urgent one, rescheduling both in place, and never moves firm work', async () => {
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-firm', [[['turning', 120]]]));
    const firm = await planned('o-firm');
    await harness.publish(SupplierEvents.jobAccepted, jobRef(firm));
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-slow', [[['turning', 480]]]));
    const slow = await planned('o-slow');
    const due = new Date(opens.getTime() + 4 * HOUR).toISOString();
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-urgent', [[['turning', 60]]], 1, due));
    const urgent = await planned('o-urgent');
    expect(Date.parse(firm.plannedStart)).toBe(opens.getTime());
    expect(Date.parse(urgent.plannedStart)).toBe(Date.parse(slow.plannedEnd));

    const [urgentMoved] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === urgent.jobId);
    const [slowMoved] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === slow.jobId);
    expect(urgentMoved).toMatchObject({
      factoryId: 'lathe',
      workCentre: 0,
      supplierId: 'supplier-lathe',
      reason: 'plan improved',
    });
    expect(urgentMoved.plannedStart).toBe(firm.plannedEnd);
    expect(Date.parse(urgentMoved.plannedEnd)).toBeLessThanOrEqual(Date.parse(due));
    expect(slowMoved.plannedStart).toBe(urgentMoved.plannedEnd);
    const promises = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-urgent', 2);
    expect(promises[1].promisedDate).toBe(urgentMoved.plannedEnd);
    // Same factory and work centre: no offer was withdrawn or made again.
    const touched = (d: { jobId: string }) => [firm.jobId, slow.jobId, urgent.jobId].includes(d.jobId);
    expect(harness.events(SchedulingEvents.jobCancelled, touched)).toHaveLength(0);
    expect(harness.events(SchedulingEvents.jobReplanned, touched)).toHaveLength(0);
    expect(harness.events(SchedulingEvents.jobRescheduled, (d) => d.jobId === firm.jobId)).toHaveLength(0);
    const operations = await harness.plan({ factoryId: 'lathe' });
    expect(operations.find((o) => o.jobId === firm.jobId)).toMatchObject({
      start: firm.plannedStart,
      end: firm.plannedEnd,
      firm: true,
    });
    expect(operations.find((o) => o.jobId === urgent.jobId)).toMatchObject({
      start: urgentMoved.plannedStart,
      end: urgentMoved.plannedEnd,
    });
  });

  it('runs once for a burst of plan changes', async () => {
    const runs = harness.get(ImprovementRuns);
    await waitFor('no improvement pass pending', idle);
    const before = runs.improvementRuns;
    const orderIds = Array.from({ length: 6 }, (_, i) => `o-burst-${i}`);
    for (const orderId of orderIds) await harness.publish(OrderEvents.confirmed, confirmedOrder(orderId, [[['drilling', 20]]]));
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => orderIds.includes(d.orderId), orderIds.length);
    expect(await harness.get(PlanningQueue).pending(IMPROVE_PLAN)).toBe(1);
    await waitFor(
      'the pass to have run and nothing more to be pending',
      async () => runs.improvementRuns > before && (await idle()),
    );
    expect(runs.improvementRuns).toBe(before + 1);
  });
});
