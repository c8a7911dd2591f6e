import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, deadLetterReplayRequest, defineRequest, Namespace, OrderEvents } from '@atelier/contracts';
import {
  cleanUpNamespace,
  eventEnvelope,
  OutageProxy,
  publishEnvelope,
  testDatabaseUrl,
  testNamespace,
  waitFor,
} from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  EventConsumers,
  EventsModule,
  listDeadLetters,
  messagingTablesSql,
  MessagingModule,
  RequestClient,
  RequestServer,
  UnitOfWork,
} from './index';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ns = testNamespace('outages');
const schema = `${ns}_probe`;

const Sized = defineRequest<{ filler: string }>()('probe.sized', z.object({ bytes: z.number().int().min(0) }));
const Complaints = defineRequest<never>()('probe.complaints', z.object({ count: z.number().int().min(0) }));
const Stored = defineRequest<{ rows: number }>()('probe.stored', z.object({}));

const handled: string[] = [];

@Injectable()
class ProbeHandlers {
  constructor(requests: RequestServer, consumers: EventConsumers, dataSource: DataSource) {
    requests.handle(Sized, async ({ bytes }) => ({ filler: 'x'.repeat(bytes) }));
    requests.handle(Complaints, async ({ count }) => {
      const details = Array.from({ length: count }, (_, i) => ({ path: `selections.option${i}`, message: 'unknown option' }));
      throw new AppError('VALIDATION_FAILED', `${count} problems: ${'very long text '.repeat(500)}`, details);
    });
    requests.handle(Stored, async () => {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}"."effects"`);
      return { rows: n };
    });
    consumers.consume('probe', 'ORDERS').on(OrderEvents.cancelled, async (data, { tx }) => {
      await tx.manager.query(`INSERT INTO "${schema}"."effects" ("order_id") VALUES ($1)`, [data.orderId]);
      handled.push(data.orderId);
    });
  }
}

describe('messaging under hostile input and outages (real NATS and PostgreSQL behind a cuttable proxy)', () => {
  let app: INestApplicationContext;
  let nc: NatsConnection;
  let db: Client;
  let postgres: OutageProxy;

  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of messagingTablesSql(schema)) await db.query(sql);
    await db.query(`CREATE TABLE "${schema}"."effects" ("order_id" text NOT NULL)`);
    const target = new URL(testDatabaseUrl);
    postgres = await OutageProxy.start({ host: target.hostname, port: Number(target.port || 5432) });

    @Module({
      imports: [
        // Two deliveries before dead-lettering: an outage that counted as failures would dead-letter at once.
        MessagingModule.forService({ serviceName: 'probe', natsUrl, namespace: ns, maxDeliveries: 2 }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: postgres.url(testDatabaseUrl),
          schema,
          entities: [],
          synchronize: false,
          extra: { connectionTimeoutMillis: 2_000 },
        }),
        EventsModule,
      ],
      providers: [ProbeHandlers],
    })
    class ProbeModule {}

    app = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error'] });
    await app.init();
    nc = await connect({ servers: natsUrl });
  });

  afterAll(async () => {
    postgres?.restore();
    await app?.close();
    await nc?.drain();
    await postgres?.close();
    await db?.end();
    await cleanUpNamespace(ns);
  });

  it('answers a reply too large for one message with PAYLOAD_TOO_LARGE, and keeps serving', async () => {
    const client = app.get(RequestClient);
    await expect(client.request(Sized, { bytes: 2 * 1024 * 1024 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(client.request(Sized, { bytes: 10 })).resolves.toEqual({ filler: 'x'.repeat(10) });
  });

  it('refuses a request too large for one message before sending it', async () => {
    const client = app.get(RequestClient);
    const huge = { bytes: 1, padding: 'y'.repeat(2 * 1024 * 1024) } as never;
    await expect(client.request(Sized, huge)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('caps an error with thousands of details to a short message and the first details', async () => {
    const client = app.get(RequestClient);
    const error = await client.request(Complaints, { count: 20_000 }).catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message.length).toBeLessThanOrEqual(1_001);
    const details = error.details as Array<{ path: string; message: string }>;
    expect(details.length).toBeGreaterThan(10);
    expect(details.length).toBeLessThan(20_000);
    expect(details.at(-1)!.message).toMatch(/and \d+ more/);
  });

  it('answers malformed JSON on a request subject with VALIDATION_FAILED', async () => {
    const reply = await nc.request(new Namespace(ns).subject(Sized.subject), new TextEncoder().encode('{not json'), {
      timeout: 5_000,
    });
    expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers DEPENDENCY_UNAVAILABLE while PostgreSQL is away, and waits events out instead of dead-lettering them', async () => {
    const client = app.get(RequestClient);
    const orderIds = Array.from({ length: 5 }, () => randomUUID());
    postgres.cut();
    try {
      await expect(client.request(Stored, {})).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      for (const orderId of orderIds) {
        const envelope = eventEnvelope(OrderEvents.cancelled, orderId, { orderId, customerId: 'c', reason: null });
        await publishEnvelope(nc, ns, OrderEvents.cancelled.subject, envelope, { msgID: envelope.id });
      }
      // Long enough that five quick retries would have dead-lettered them (two deliveries allowed).
      await waitFor('the consumer to keep trying through the outage', () => postgres.attemptsWhileDown >= 8, {
        timeoutMs: 30_000,
      });
    } finally {
      postgres.restore();
    }
    await waitFor('every event to be handled once PostgreSQL is back', () => orderIds.every((id) => handled.includes(id)), {
      timeoutMs: 30_000,
    });
    await expect(client.request(Stored, {})).resolves.toEqual({ rows: orderIds.length });
    expect((await listDeadLetters(nc, new Namespace(ns), { limit: 100 })).items).toEqual([]);
  });

  it('parks an outbox event no stream holds as a dead letter, and the events after it flow', async () => {
    const unpublishable = eventEnvelope(OrderEvents.cancelled, 'nowhere', { orderId: 'nowhere', customerId: 'c', reason: null });
    // As if a contract named a subject outside every stream: written straight into the outbox.
    await db.query(`INSERT INTO "${schema}"."outbox" ("id", "subject", "envelope") VALUES ($1, $2, $3)`, [
      unpublishable.id,
      `${ns}.nowhere.events.order.cancelled`,
      JSON.stringify(unpublishable),
    ]);
    const after = randomUUID();
    await app.get(UnitOfWork).run({ correlationId: 'c-after' }, (tx) =>
      tx.publish(OrderEvents.cancelled, {
        aggregateId: after,
        aggregateVersion: 1,
        data: { orderId: after, customerId: 'c', reason: null },
      }),
    );
    await waitFor('the event after the unpublishable one to be handled', () => handled.includes(after));
    const parked = await waitFor('the parked event among the dead letters', async () =>
      (await listDeadLetters(nc, new Namespace(ns), { limit: 100 })).items.find((l) => l.eventId === unpublishable.id),
    );
    expect(parked).toMatchObject({ service: 'probe', consumer: 'outbox', error: expect.stringContaining('no stream holds') });

    // Replayed, it is tried again and (still unpublishable) parked again rather than wedging the outbox.
    await app.get(RequestClient).request(deadLetterReplayRequest('probe'), { sequence: Number(parked.id) });
    await waitFor('the event to be parked again', async () =>
      (await listDeadLetters(nc, new Namespace(ns), { limit: 100 })).items.some(
        (l) => l.eventId === unpublishable.id && l.id !== parked.id,
      ),
    );
  });

  it('makes streams and durables again when NATS lost them (a restart without its storage), and events flow', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(new Namespace(ns).stream('ORDERS'));
    const orderId = randomUUID();
    await app.get(UnitOfWork).run({ correlationId: 'c-lost' }, (tx) =>
      tx.publish(OrderEvents.cancelled, {
        aggregateId: orderId,
        aggregateVersion: 1,
        data: { orderId, customerId: 'c', reason: null },
      }),
    );
    await waitFor('the event to be published to the stream made again and handled', () => handled.includes(orderId), {
      timeoutMs: 30_000,
    });
    expect(
      (await listDeadLetters(nc, new Namespace(ns), { limit: 100 })).items.filter(
        (l) => l.eventId !== null && l.consumer !== 'outbox',
      ),
    ).toEqual([]);
  });

  it('refuses to record an event too large to ever publish, rolling back its use case', async () => {
    const orderId = randomUUID();
    const refused = app.get(UnitOfWork).run({ correlationId: 'c-big' }, async (tx) => {
      await tx.manager.query(`INSERT INTO "${schema}"."effects" ("order_id") VALUES ($1)`, [orderId]);
      await tx.publish(OrderEvents.cancelled, {
        aggregateId: orderId,
        aggregateVersion: 1,
        data: { orderId, customerId: 'c', reason: 'z'.repeat(600 * 1024) },
      });
    });
    await expect(refused).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}"."effects" WHERE "order_id" = $1`, [orderId]);
    expect(rows[0].n).toBe(0);
  });
});
