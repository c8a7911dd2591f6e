import { Namespace, OrderEvents, SchedulingEvents, SupplierEvents } from '@atelier/contracts';
import { listDeadLetters } from '@atelier/messaging';
import { testNatsUrl, waitFor } from '@atelier/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { confirmedOrder, factory, SchedulingHarness } from '../testing/scheduling-harness';

/**
 * A calendar scheduling cannot read (suppliers validates calendars with the same rule, so this comes
 * from a replayed or hand-made event) is not dropped with a log line: the event is dead-lettered with
 * why, at once, and the factory keeps the calendar it had.
 */
describe('scheduling and a calendar it cannot use (integration)', () => {
  const harness = new SchedulingHarness();
  let nc: NatsConnection;

  beforeAll(async () => {
    await harness.start();
    nc = await connect({ servers: testNatsUrl });
    await harness.publish(SupplierEvents.factoryRegistered, factory('turner', [['turning']]));
  });

  afterAll(async () => {
    await nc?.drain();
    await harness.stop();
  });

  it('dead-letters the change with its reason and keeps planning on the calendar it had', async () => {
    const unusable = { ...factory('turner', [['turning']]), timeZone: 'Mars/Olympus_Mons' };
    const envelope = await harness.publish(SupplierEvents.calendarChanged, unusable);
    const letter = await waitFor('the dead letter', async () => {
      const { items } = await listDeadLetters(nc, new Namespace(harness.namespace), { limit: 20 });
      return items.find((l) => l.eventId === envelope.id);
    });
    expect(letter).toMatchObject({ consumer: 'scheduling-supplier-planning', deliveries: 1 });
    expect(letter.error).toMatch(/calendar of factory turner cannot be used/);

    // The factory is still there, on its old calendar: work is planned on it.
    await harness.publish(OrderEvents.confirmed, confirmedOrder('o-turn', [[['turning', 30]]]));
    const [planned] = await harness.waitForEvents(SchedulingEvents.orderPlanned, (d) => d.orderId === 'o-turn');
    expect(planned.jobIds).toHaveLength(1);
  });
});
