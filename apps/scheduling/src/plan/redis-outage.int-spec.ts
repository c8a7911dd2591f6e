import { OrderEvents, SchedulingEvents, SupplierEvents } from '@atelier/contracts';
import { testNamespace, waitFor } from '@atelier/testing';
import { confirmedOrder, factory, SchedulingHarness } from '../testing/scheduling-harness';
import { IMPROVE_PLAN, PlanningQueue, REPLAN_NETWORK } from './planning-queue';

/** Well within the 15 s an event consumer would wait for a stuck planning run before anything else could plan. */
const PROMPTLY = { timeoutMs: 8_000 };

describe('planning while Redis is down (integration)', () => {
  // Nothing listens on this port: every BullMQ producer call fails, the worker waits for Redis.
  const harness = new SchedulingHarness(
    testNamespace('redisdown'),
    { improvementTimeLimitMs: 200, improvementDelayMs: 0 },
    { REDIS_URL: 'redis://127.0.0.1:6390' },
    1, // counts one replica's missed triggers
  );

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  const planned = (orderId: string) =>
    waitFor(
      `order ${orderId} planned`,
      () => harness.events(SchedulingEvents.orderPlanned, (d) => d.orderId === orderId)[0],
      PROMPTLY,
    );

  it('keeps planning: triggers of improvement and network re-plans fail outside the plan lock and are kept for later', async () => {
    await harness.publish(SupplierEvents.factoryRegistered, factory('mill', [['milling']]));
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-first', [[['milling', 30]]]));
    await planned('o-first');

    // Unplannable until a grinder joins; that network change asks for a re-plan run, which cannot be queued.
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-grind', [[['grinding', 30]]]));
    await waitFor(
      'o-grind unplannable',
      () => harness.events(SchedulingEvents.orderUnplannable, (d) => d.orderId === 'o-grind')[0],
      PROMPTLY,
    );
    await harness.publish(SupplierEvents.factoryRegistered, factory('grinder', [['grinding']]));

    // Later plan changes still get the plan lock promptly.
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-second', [[['milling', 30]]]));
    await planned('o-second');
    const queue = harness.get(PlanningQueue);
    await waitFor(
      'both runs kept to be caught up',
      () => {
        const missed = queue.missedRuns();
        return missed.includes(IMPROVE_PLAN) && missed.includes(REPLAN_NETWORK);
      },
      PROMPTLY,
    );
  });
});
