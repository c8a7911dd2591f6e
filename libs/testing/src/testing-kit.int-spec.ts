import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, defineRequest, OrderEvents, Namespace, UPLOADS_BUCKET } from '@atelier/contracts';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { z } from 'zod';
import { cleanUpNamespace } from './clean-up';
import { EventRecorder } from './event-recorder';
import { publishEvent } from './events';
import { testDatabaseUrl, testNamespace } from './namespace';
import { testRedisUrl } from './queues';
import { answerRequests, sendRequest } from './requests';
import { testNatsUrl } from './streams';

const Lookup = defineRequest<{ name: string }>()('probe.lookup', z.object({ id: z.string() }));

describe('the test kit against real NATS, PostgreSQL and Redis', () => {
  const ns = testNamespace('kit');
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl });
    // The apps create their streams at start; with no app here, the kit's test creates ORDERS itself.
    const jsm = await jetstreamManager(nc);
    const twoMinutes = 120 * 1_000_000_000;
    await jsm.streams.add({
      name: new Namespace(ns).stream('ORDERS'),
      subjects: [`${ns}.orders.events.>`],
      duplicate_window: twoMinutes,
    });
  });

  afterAll(async () => {
    await nc?.drain();
    await cleanUpNamespace(ns);
  });

  it('publishes envelopes the stream deduplicates by msgID, and records them from the first message', async () => {
    const orderId = randomUUID();
    const data = { orderId, customerId: 'c-1', reason: null };
    const first = await publishEvent(nc, ns, OrderEvents.cancelled, orderId, data);
    await publishEvent(nc, ns, OrderEvents.cancelled, orderId, data, { id: first.id });
    const redelivery = { id: first.id, msgID: `${first.id}-again`, aggregateVersion: 2 };
    await publishEvent(nc, ns, OrderEvents.cancelled, orderId, data, redelivery);

    const recorder = await EventRecorder.start(nc, ns, 'ORDERS');
    const both = await recorder.waitForEvents(OrderEvents.cancelled, (e) => e.data.orderId === orderId, 2);
    expect(both.map((e) => [e.id, e.aggregateVersion])).toEqual([
      [first.id, 1],
      [first.id, 2],
    ]);
    await expect(recorder.waitForEvent(OrderEvents.shipped, () => true, { timeoutMs: 200 })).rejects.toThrow(
      `recorded: order.cancelled(${orderId}), order.cancelled(${orderId})`,
    );
    await recorder.stop();
  });

  it('answers requests as a stand-in in the wire format: data, or the typed error', async () => {
    const standIn = answerRequests(nc, ns, Lookup.subject, ({ id }: { id: string }) => {
      if (id === 'missing') throw AppError.notFound('Thing');
      return { name: `thing ${id}` };
    });
    expect(await sendRequest(nc, ns, Lookup, { id: '7' })).toEqual({ ok: true, data: { name: 'thing 7' } });
    expect(await sendRequest(nc, ns, Lookup, { id: 'missing' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Thing not found' },
    });
    standIn.unsubscribe();
  });

  it("cleans up a namespace's streams, schemas and queue keys, and no other namespace's", async () => {
    const doomed = testNamespace('doomed');
    const bystander = testNamespace('bystander');
    const redis = new Redis(testRedisUrl);
    const db = new Client({ connectionString: testDatabaseUrl });
    await db.connect();
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: new Namespace(doomed).stream('SUPPLIERS'), subjects: [`${doomed}.suppliers.events.>`] });
      const uploads = new Namespace(doomed).stream(UPLOADS_BUCKET);
      await jsm.streams.add({ name: `OBJ_${uploads}`, subjects: [`$O.${uploads}.>`] }); // what an object store bucket is
      await db.query(`CREATE SCHEMA "${doomed}_probe"`);
      await redis.set(`${doomed}:offer-deadlines:1`, 'x');
      await redis.set(`${bystander}:offer-deadlines:1`, 'x');

      await cleanUpNamespace(doomed);

      const streams: string[] = [];
      for await (const name of jsm.streams.names()) streams.push(name);
      expect(streams.filter((name) => name.includes(new Namespace(doomed).stream('')))).toEqual([]);
      expect((await db.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [`${doomed}_probe`])).rowCount).toBe(0);
      expect(await redis.keys(`${doomed}:*`)).toEqual([]);
      expect(await redis.get(`${bystander}:offer-deadlines:1`)).toBe('x');
    } finally {
      await redis.del(`${bystander}:offer-deadlines:1`);
      redis.disconnect();
      await db.end();
    }
  });
});
