import { OrderEvents, SchedulingEvents, SupplierEvents } from '@atelier/contracts';
import { confirmedOrder, factory, SchedulingHarness } from '../testing/scheduling-harness';

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
});
