import { OrderEvents, SchedulingEvents, SchedulingRequests, SupplierEvents, type JobData } from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import { DataSource } from 'typeorm';
import { confirmedOrder, factory, jobRef, SchedulingHarness } from '../testing/scheduling-harness';
import { JobEntity } from '../jobs/job.entity';
import { OrderPlanEntity } from '../plan/order-plan.entity';
import { PlanStore } from '../plan/plan-store';
import { loadSchedule } from '../plan/schedule-loader';

/**
 * Finished work is history, not capacity: the live plan (and what it costs to load and hold) grows
 * with open work, not with every order ever made. Completed jobs stay in the jobs table for reporting.
 */
describe('finished orders leave the live plan (integration)', () => {
  const harness = new SchedulingHarness();
  const welding = (minutes: number) => ({
    lines: [
      {
        lineId: 'probe',
        quantity: 1,
        routing: [{ operationId: 'weld', sequence: 1, capability: 'welding', durationMinutes: minutes }],
      },
    ],
  });

  beforeAll(async () => {
    await harness.start();
    await harness.publish(SupplierEvents.factoryRegistered, factory('welder', [['welding']]));
    await waitFor(
      'the welder in the network',
      async () => (await harness.request(SchedulingRequests.quote, welding(10))).promisedDate !== null,
    );
  });

  afterAll(() => harness.stop());

  async function planned(orderId: string): Promise<JobData[]> {
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === orderId);
    return harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === orderId);
  }

  async function finish(job: JobData, scrapQuantity = 0): Promise<void> {
    await harness.publish(SupplierEvents.jobAccepted, jobRef(job));
    await harness.publish(SupplierEvents.jobStarted, jobRef(job));
    await harness.publish(SupplierEvents.jobCompleted, { ...jobRef(job), goodQuantity: 1, scrapQuantity });
  }

  /** The jobs in the plan a replica reads (cached) and in the plan the database gives (as another replica would load it). */
  async function livePlans(): Promise<{ cached: string[]; loaded: string[] }> {
    const cached = (await harness.get(PlanStore).current()).operations().map((o) => o.operationId);
    const loaded = (await loadSchedule(harness.get(DataSource).manager)).operations().map((o) => o.operationId);
    return { cached: cached.sort(), loaded: loaded.sort() };
  }

  const planStatus = async (orderId: string) =>
    (await harness.get(DataSource).manager.findOneBy(OrderPlanEntity, { orderId }))?.status;

  it('reads the plan in one snapshot: a job completing while the plan is read is in it exactly once', async () => {
    // A replica starting (or rebuilding its plan) while another records completions: seen here as a
    // replica killed and restarted that could not start ("already planned").
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-flip', [[['welding', 30]]]));
    const [job] = await planned('o-flip');
    const manager = harness.get(DataSource).manager;
    let flipping = true;
    const flips = (async () => {
      for (let i = 0; flipping; i++)
        await manager.update(JobEntity, { id: job.jobId }, { status: i % 2 ? 'completed' : 'in_progress' });
    })();
    try {
      for (let read = 0; read < 300; read++) {
        const booked = (await loadSchedule(manager)).operations().filter((o) => o.operationId === job.jobId);
        expect(booked).toHaveLength(1);
      }
    } finally {
      flipping = false;
      await flips;
      await manager.update(JobEntity, { id: job.jobId }, { status: 'offered' });
    }
  });

  it('frees what a job finished early still held, and keeps the job for reporting', async () => {
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-long', [[['welding', 600]]]));
    const [job] = await planned('o-long');
    const before = await harness.request(SchedulingRequests.quote, welding(10));
    expect(Date.parse(before.promisedDate!)).toBeGreaterThanOrEqual(Date.parse(job.plannedEnd));

    await finish(job);
    await waitFor('the order completed', async () => (await planStatus('o-long')) === 'completed');
    // The welder finished hours early: the slot the plan had booked is free for the next order.
    const after = await harness.request(SchedulingRequests.quote, welding(10));
    expect(Date.parse(after.promisedDate!)).toBeLessThan(Date.parse(job.plannedEnd));
    const { cached, loaded } = await livePlans();
    expect(cached).not.toContain(job.jobId);
    expect(loaded).toEqual(cached);
    // Still reported: the schedule view lists completed work.
    expect((await harness.plan({ factoryId: 'welder', status: 'completed' })).map((o) => o.jobId)).toContain(job.jobId);
  });

  it('keeps an order live while it owes re-work, and lets it go when the re-work is done', async () => {
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-scrapped', [[['welding', 30]]], 2));
    const [job] = await planned('o-scrapped');
    await finish(job, 1);
    const [rework] = await harness.waitForEvents(SchedulingEvents.jobOffered, (d) => d.reworkOf === job.jobId);
    // The scrapped job is done but its order is not: its job stays in the plan, before its re-work.
    expect(await planStatus('o-scrapped')).toBe('planned');
    const live = await livePlans();
    expect(live.loaded).toEqual(expect.arrayContaining([job.jobId, rework.jobId]));
    expect(live.cached).toEqual(live.loaded);

    await finish(rework);
    await waitFor('the order completed', async () => (await planStatus('o-scrapped')) === 'completed');
    const { cached, loaded } = await livePlans();
    expect(cached).not.toEqual(expect.arrayContaining([job.jobId]));
    expect(cached).not.toEqual(expect.arrayContaining([rework.jobId]));
    expect(loaded).toEqual(cached);
  });
});
