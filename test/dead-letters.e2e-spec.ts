import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { cleanUpNamespace, testNamespace, testNatsUrl, waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { ApiClient, expectStatus } from './support/http';
import { sampleValue } from './support/metrics';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

/** What failed and why, for the operator, through the admin API. */
describe('dead letters', () => {
  const namespace = testNamespace('dead');
  let system: RunningSystem;
  let operator: ApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    system = await startSystem(namespace, {}, ['gateway', 'scheduling']);
    operator = new ApiClient(system.baseUrl).as(system.adminToken);
    nc = await connect({ servers: testNatsUrl });
  });

  afterAll(async () => {
    await nc?.drain();
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('shows an event no consumer can handle with its error, and a replay that fails again answers 409', () =>
    withAppOutput(system, async () => {
      // Another system publishes an order.confirmed that breaks its contract: scheduling cannot plan it, ever.
      const id = randomUUID();
      const envelope = {
        id,
        type: 'order.confirmed',
        version: 1,
        occurredAt: new Date().toISOString(),
        aggregateId: 'order-x',
        aggregateVersion: 2,
        correlationId: randomUUID(),
        causationId: null,
        data: { orderId: 'order-x' },
      };
      await jetstream(nc).publish(`${namespace}.orders.events.order.confirmed`, JSON.stringify(envelope), { msgID: id });

      const letter = await waitFor('the dead letter to be listed', async () => {
        const letters = expectStatus(await operator.get('/v1/admin/dead-letters'), 200);
        return letters.items.find((l: { eventId: string }) => l.eventId === id) ?? null;
      });
      expect(letter).toMatchObject({
        service: 'scheduling',
        eventType: 'order.confirmed',
        error: expect.stringContaining('does not match'),
      });
      // The operator's dashboard counts it, for the consumer that set it aside.
      const metrics = await system.scrape('scheduling');
      expect(sampleValue(metrics, 'atelier_dead_letters', { service: 'scheduling', consumer: 'scheduling-order-planning' })).toBe(
        1,
      );
      expect(
        sampleValue(metrics, 'atelier_events_failed_total', { consumer: 'scheduling-order-planning', outcome: 'dead_lettered' }),
      ).toBe(1);

      const replay = await operator.post(`/v1/admin/dead-letters/${letter.id}/replay`);
      expect(replay.status).toBe(409);
      expect(replay.body.error.message).toContain('failed again');
      expect((await operator.post('/v1/admin/dead-letters/999999/replay')).status).toBe(404);
      expect((await operator.post('/v1/admin/dead-letters/not-a-number/replay')).status).toBe(404);
      // The list is a page: a limit out of range or a made-up cursor is bad input.
      for (const query of ['limit=0', 'limit=101', 'cursor=forged']) {
        expect((await operator.get(`/v1/admin/dead-letters?${query}`)).status).toBe(400);
      }
    }));
});
