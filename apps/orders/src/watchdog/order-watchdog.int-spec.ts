import { OrderEvents, OrdersRequests, SchedulingEvents, type OrderView } from '@atelier/contracts';
import { UnitOfWork } from '@atelier/messaging';
import { Clock } from '@atelier/platform';
import { waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { OrdersHarness, STAND_IN_PROMISE } from '../testing/orders-harness';
import { OrderWatchdog } from './order-watchdog.service';

const address = { name: 'Grace Hopper', street: '2 Compiler Road', city: 'Lyon', postalCode: '69001', country: 'FR' };
const customerId = 'cust-watch';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The watchdog reads the app's Clock: these tests move it forward instead of waiting for hours. */
describe('the stuck-order watchdog (orders app, real PostgreSQL and NATS)', () => {
  let h: OrdersHarness;
  let clock: Clock;
  let watchdog: OrderWatchdog;

  beforeAll(async () => {
    h = await OrdersHarness.start('orders-watch');
    clock = h.app.get(Clock);
    watchdog = h.app.get(OrderWatchdog);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const get = (orderId: string) => h.client.request(OrdersRequests.get, { customerId, orderId });
  const statusOf = (orderId: string, status: OrderView['status']) =>
    waitFor(`order ${orderId} ${status}`, async () => ((await get(orderId)).status === status ? true : undefined));
  const stuckList = async () => (await h.client.request(OrdersRequests.listAll, { stuck: true, limit: 100 })).items;
  const stuckEvents = (orderId: string) => h.eventsOf(orderId).filter((e) => e.type === 'order.stuck');

  async function confirmedOrder(): Promise<string> {
    const { order } = await h.client.request(OrdersRequests.place, {
      customerId,
      idempotencyKey: randomUUID(),
      order: { lines: [{ productId: 'chair', selections: {}, quantity: 1 }], shippingAddress: address },
    });
    await statusOf(order.id, 'confirmed');
    return order.id;
  }

  it('tells once that an order planning never answered is stuck, lists it, counts it, and lets it go once it moves', async () => {
    const orderId = await confirmedOrder();
    expect(await watchdog.sweep()).toBe(0);
    expect((await stuckList()).map((o) => o.id)).not.toContain(orderId);

    h.advanceClock(11 * MINUTE);
    expect(await watchdog.sweep()).toBe(1);
    expect(await watchdog.sweep()).toBe(0); // told once per status change
    const event = await h.waitForEvent(OrderEvents.stuck, orderId);
    expect(event.data).toMatchObject({
      orderId,
      customerId,
      status: 'confirmed',
      reason: expect.stringMatching(/planning has not answered/),
    });
    const [listed] = (await stuckList()).filter((o) => o.id === orderId);
    expect(listed).toMatchObject({ status: 'confirmed', stuck: { since: event.data.since, reason: event.data.reason } });
    expect(await register.getSingleMetricAsString('atelier_orders_stuck')).toMatch(
      /atelier_orders_stuck\{status="confirmed"[^}]*\} 1/,
    );
    // The operator's full list shows every order, stuck or not.
    const all = await h.client.request(OrdersRequests.listAll, { limit: 100 });
    expect(all.items.find((o) => o.id === orderId)?.stuck).not.toBeNull();

    // Planned at last: scheduled with a promise years away, so no longer stuck.
    await h.publish(SchedulingEvents.orderPlanned, orderId, { orderId, promisedDate: STAND_IN_PROMISE, jobIds: [] });
    await statusOf(orderId, 'scheduled');
    expect((await stuckList()).map((o) => o.id)).not.toContain(orderId);
    expect(await watchdog.sweep()).toBe(0);
    expect(stuckEvents(orderId)).toHaveLength(1);
  });

  it('finds an order on hold for more than a day stuck, with the reason it is held', async () => {
    const orderId = await confirmedOrder();
    await h.publish(SchedulingEvents.orderUnplannable, orderId, {
      orderId,
      code: 'NO_CAPABLE_FACTORY',
      reason: 'no factory can weld',
    });
    await statusOf(orderId, 'on_hold');
    h.advanceClock(12 * HOUR);
    await watchdog.sweep();
    expect((await stuckList()).map((o) => o.id)).not.toContain(orderId);
    h.advanceClock(13 * HOUR);
    await watchdog.sweep();
    const event = await h.waitForEvent(OrderEvents.stuck, orderId);
    expect(event.data).toMatchObject({ status: 'on_hold', reason: 'on hold for more than 24 h (no factory can weld)' });
  });

  it('tells an order once when several replicas sweep at the same moment', async () => {
    const orderId = await confirmedOrder();
    h.advanceClock(11 * MINUTE);
    // Sweeps racing each other (as replicas do: each its own watchdog) claim each order once.
    const replica = () =>
      new OrderWatchdog(
        { planningMinutes: 10, onHoldHours: 24, lateHours: 24, intervalSeconds: 0 },
        clock,
        h.app.get(DataSource),
        h.app.get(UnitOfWork),
      );
    const told = await Promise.all([watchdog.sweep(), replica().sweep(), replica().sweep()]);
    expect(told.reduce((a, b) => a + b, 0)).toBe(1);
    await h.waitForEvent(OrderEvents.stuck, orderId);
    expect(await watchdog.sweep()).toBe(0);
    expect(stuckEvents(orderId)).toHaveLength(1);
  });
});
