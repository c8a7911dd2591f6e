import { OrderEvents, SchedulingEvents, SupplierEvents } from '@atelier/contracts';
import { jest } from '@jest/globals';
import { waitFor } from '@atelier/testing';
import { DataSource } from 'typeorm';
import { confirmedOrder, factory, SchedulingHarness } from '../testing/scheduling-harness';
import { PlanStore } from './plan-store';
import { loadSchedule } from './schedule-loader';

describe('two scheduling replicas share one plan (integration)', () => {
  // One, then a second started by the test itself.
  const harness = new SchedulingHarness(undefined, {}, {}, 1);

  beforeAll(async () => {
    await harness.start();
    await harness.startReplica();
    await harness.publish(SupplierEvents.factoryRegistered, factory('solo', [['welding']]));
  });

  afterAll(() => harness.stop());

  it('never books one work centre twice, whichever replica plans', async () => {
    const orderIds = Array.from({ length: 12 }, (_, i) => `o-weld-${i}`);
    await Promise.all(orderIds.map((id) => harness.publish(OrderEvents.confirmed, confirmedOrder(id, [[['welding', 30]]]))));
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => orderIds.includes(d.orderId), orderIds.length);
    const operations = await harness.plan({ factoryId: 'solo' });
    expect(operations).toHaveLength(orderIds.length);
    const byStart = [...operations].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (let i = 1; i < byStart.length; i++) {
      expect(Date.parse(byStart[i].start)).toBeGreaterThanOrEqual(Date.parse(byStart[i - 1].end));
    }
  });

  it('plans a burst of orders (handled in batches), each change under its own revision, and holds the plan the database gives', async () => {
    const orderIds = Array.from({ length: 40 }, (_, i) => `o-burst-${i}`);
    await Promise.all(orderIds.map((id) => harness.publish(OrderEvents.confirmed, confirmedOrder(id, [[['welding', 10]]]))));
    await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => orderIds.includes(d.orderId), orderIds.length);
    const revisions = harness.allEvents
      .filter((e) => e.type === SchedulingEvents.planChanged.type)
      .map((e) => e.aggregateVersion);
    expect(new Set(revisions).size).toBe(revisions.length);
    const planned = (await harness.plan({ factoryId: 'solo' })).filter((o) => orderIds.includes(o.orderId));
    expect(planned).toHaveLength(orderIds.length);
    const loaded = (await loadSchedule(harness.get(DataSource).manager))
      .operations()
      .map((o) => o.operationId)
      .sort();
    // Another replica's last change reaches this one's readers when PostgreSQL's notification of it does.
    const held = async () =>
      (await harness.get(PlanStore).current())
        .operations()
        .map((o) => o.operationId)
        .sort();
    await waitFor('the plan the database gives', async () => JSON.stringify(await held()) === JSON.stringify(loaded), {
      timeoutMs: 5_000,
    });
  });

  it("this replica's readers follow the other's changes without reading the plan's token: PostgreSQL tells", async () => {
    const store = harness.get(PlanStore);
    const query = jest.spyOn(harness.get(DataSource).manager, 'query');
    try {
      const orderIds = Array.from({ length: 6 }, (_, i) => `o-told-${i}`);
      await Promise.all(orderIds.map((id) => harness.publish(OrderEvents.confirmed, confirmedOrder(id, [[['welding', 120]]]))));
      await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => orderIds.includes(d.orderId), orderIds.length);
      await waitFor('every new order in the plan this replica reads', async () => {
        const held = new Set((await store.current()).operations().map((o) => o.orderId));
        return orderIds.every((id) => held.has(id));
      });
      const tokenReads = query.mock.calls.filter(([text]) => String(text).includes('plan_state'));
      expect(tokenReads).toEqual([]);
    } finally {
      query.mockRestore();
    }
  });
});
