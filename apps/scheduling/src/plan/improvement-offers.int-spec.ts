import { OrderEvents, queuePrefix, Queues, SchedulingEvents, SupplierEvents, type JobData } from '@atelier/contracts';
import { testNamespace, testRedisUrl, waitFor } from '@atelier/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { confirmedOrder, factory, SchedulingHarness } from '../testing/scheduling-harness';
import { ImprovementRuns } from './improvement-runs';

const HOUR = 3_600_000;

describe('the improvement pass and offered jobs (integration)', () => {
  // The pass waits until the test lets it run (it promotes the delayed run).
  const harness = new SchedulingHarness(
    testNamespace('improveoffers'),
    { improvementTimeLimitMs: 300, improvementDelayMs: 600_000 },
    {},
    1,
  );
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const planningQueue = new Queue(Queues.planning, { connection: redis, prefix: queuePrefix(harness.namespace) });
  const opens = new Date(Math.ceil((Date.now() + 24 * HOUR) / HOUR) * HOUR);
  const closedUntil = (to: Date) => ({
    workingHours: [],
    closures: [{ from: new Date(Date.now() - HOUR).toISOString(), to: to.toISOString() }],
  });

  beforeAll(() => harness.start());

  afterAll(async () => {
    await planningQueue.close();
    redis.disconnect();
    await harness.stop();
  });

  async function planned(orderId: string): Promise<JobData> {
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === orderId);
    return harness.events(SchedulingEvents.jobOffered, (d) => d.orderId === orderId)[0];
  }

  it('improves around offered jobs only in place: they are reordered on their work centre, never taken to another factory', async () => {
    await harness.publish(SupplierEvents.factoryRegistered, factory('lathe-a', [['turning']], closedUntil(opens)));
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-slow', [[['turning', 480]]]));
    const slow = await planned('o-slow');
    const due = new Date(opens.getTime() + 2 * HOUR).toISOString();
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-urgent', [[['turning', 60]]], 1, due));
    const urgent = await planned('o-urgent');
    expect(urgent.plannedStart).toBe(slow.plannedEnd); // late: only lathe-a existed
    // Now the better plan is: urgent first on lathe-a, slow moved to lathe-b (open 30 minutes later).
    await harness.publish(
      SupplierEvents.factoryRegistered,
      factory('lathe-b', [['turning']], closedUntil(new Date(opens.getTime() + HOUR / 2))),
    );
    await harness.waitForEvents(SchedulingEvents.planChanged, (d) => d.factoryIds.includes('lathe-b'));

    const runs = harness.get(ImprovementRuns);
    const before = runs.improvementRuns;
    for (const job of await planningQueue.getDelayed()) await job.promote();
    await waitFor('the improvement pass to have run', () => runs.improvementRuns > before);

    const ours = (d: { jobId: string }) => d.jobId === slow.jobId || d.jobId === urgent.jobId;
    expect(harness.events(SchedulingEvents.jobCancelled, ours)).toEqual([]);
    expect(harness.events(SchedulingEvents.jobReplanned, ours)).toEqual([]);
    expect(await harness.plan({ factoryId: 'lathe-b' })).toEqual([]);
    const onA = await harness.plan({ factoryId: 'lathe-a' });
    expect(onA.map((o) => o.jobId).sort()).toEqual([slow.jobId, urgent.jobId].sort());
    // Offered jobs are pinned to their factory and work centre: the pass reorders them there instead.
    const [urgentMoved] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === urgent.jobId);
    const [slowMoved] = await harness.waitForEvents(SchedulingEvents.jobRescheduled, (d) => d.jobId === slow.jobId);
    expect(urgentMoved).toMatchObject({ factoryId: 'lathe-a', workCentre: 0, reason: 'plan improved' });
    expect(urgentMoved.plannedStart).toBe(slow.plannedStart);
    expect(slowMoved).toMatchObject({ factoryId: 'lathe-a', workCentre: 0, plannedStart: urgentMoved.plannedEnd });
  });
});
