import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { AppError, defineRequest, deadLetterReplayRequest, Namespace, OrderEvents, streams } from '@atelier/contracts';
import { cleanUpNamespace, publishEnvelope, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ensureStreams } from './streams';
import {
  EventConsumers,
  EventsModule,
  listDeadLetters,
  pruneMessagingTables,
  messagingTablesSql,
  MessagingModule,
  OutboxRelay,
  RequestClient,
  RequestServer,
  UnitOfWork,
  currentLogContext,
  runInLogContext,
  type LogContext,
  type Transaction,
} from './index';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ns = testNamespace('messaging');
const schema = `${ns}_probe`;
const Echo = defineRequest<{ echoed: string }>()('probe.echo', z.object({ text: z.string().min(1) }));
const Unserved = defineRequest<unknown>()('probe.nobody-home', z.object({}));

/**
 * What the probe's consumer has seen; `failuresLeft` makes the handler fail that many times,
 * `failOnce` fails the handling of that order once, `slowOn` makes that order's handling take a while.
 */
const seen = {
  cancelled: [] as string[],
  failuresLeft: 0,
  failOnce: '',
  slowOn: '',
  logContexts: new Map<string, LogContext | undefined>(),
};
/**
 * What the batch-handling consumer saw: every run handed over (ids in order), and everything handled
 * in handling order; `failIn` makes a run containing that order fail (alone it succeeds), `slowOn` as above.
 */
const runs = { runs: [] as string[][], handled: [] as string[], failIn: '', slowOn: '' };
/** What the per-order consumer handled, in the order it handled it, and how many ran at once at most. */
const perOrder = { handled: [] as Array<{ orderId: string; version: number }>, running: 0, mostAtOnce: 0 };

@Injectable()
class ProbeHandlers {
  constructor(requests: RequestServer, consumers: EventConsumers) {
    requests.handle(Echo, async ({ text }) => {
      if (text === 'missing') throw AppError.notFound('Thing');
      if (text === 'log context?') return { echoed: JSON.stringify(currentLogContext()) };
      return { echoed: text };
    });
    consumers.consume('probe', 'ORDERS').on(OrderEvents.cancelled, async (data, { tx }) => {
      if (seen.failuresLeft > 0) {
        seen.failuresLeft--;
        throw new Error('probe failure');
      }
      if (seen.failOnce === data.orderId) {
        seen.failOnce = '';
        throw new Error('probe failure');
      }
      if (seen.slowOn === data.orderId) await tx.manager.query('SELECT pg_sleep(0.3)');
      await tx.manager.query(`INSERT INTO "${schema}"."effects" ("order_id", "txid") VALUES ($1, txid_current())`, [
        data.orderId,
      ]);
      seen.logContexts.set(data.orderId, { ...currentLogContext() });
      seen.cancelled.push(data.orderId);
    });
    consumers
      .consume('probe-runs', 'ORDERS')
      // Its own bound, under the app's 20: the events queued behind the slow one go in runs of 8 at most.
      .eventsPerTransaction(8)
      .onBatch(OrderEvents.inProduction, async (items) => {
        const ids = items.map(({ data }) => data.orderId);
        if (ids.includes(runs.slowOn)) await items[0].tx.manager.query('SELECT pg_sleep(0.3)');
        if (items.length > 1 && ids.includes(runs.failIn)) throw new Error('probe failure in a run');
        runs.runs.push(ids);
        for (const { data, tx } of items) {
          await tx.manager.query(`INSERT INTO "${schema}"."effects" ("order_id", "txid") VALUES ($1, txid_current())`, [
            data.orderId,
          ]);
          // Each item's own transaction: what it publishes is caused by its own event.
          await tx.publish(OrderEvents.shipped, {
            aggregateId: data.orderId,
            aggregateVersion: 2,
            data: { ...data, shipments: [] },
          });
        }
        runs.handled.push(...ids);
      })
      .on(OrderEvents.onHold, async (data, { tx }) => {
        await tx.manager.query(`INSERT INTO "${schema}"."effects" ("order_id", "txid") VALUES ($1, txid_current())`, [
          data.orderId,
        ]);
        runs.handled.push(data.orderId);
      });
    consumers
      .consume('probe-per-order', 'ORDERS')
      .perOrder(4)
      .on(OrderEvents.promiseChanged, async (data, { tx, envelope }) => {
        perOrder.running++;
        perOrder.mostAtOnce = Math.max(perOrder.mostAtOnce, perOrder.running);
        try {
          // Long enough for the next events to arrive while this one runs.
          await tx.manager.query('SELECT pg_sleep(0.02)');
          perOrder.handled.push({ orderId: data.orderId, version: envelope.aggregateVersion });
        } finally {
          perOrder.running--;
        }
      });
  }
}

@Module({
  imports: [
    MessagingModule.forService({ serviceName: 'probe', natsUrl, namespace: ns, maxDeliveries: 2 }),
    TypeOrmModule.forRoot({ type: 'postgres', url: testDatabaseUrl, schema, entities: [], synchronize: false }),
    EventsModule,
  ],
  providers: [ProbeHandlers],
})
class ProbeModule {}

describe('messaging against real NATS, JetStream and PostgreSQL', () => {
  let app: INestApplicationContext;
  let nc: NatsConnection;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of messagingTablesSql(schema)) await db.query(sql);
    await db.query(`CREATE TABLE "${schema}"."effects" ("seq" bigserial, "order_id" text NOT NULL, "txid" bigint NOT NULL)`);
    nc = await connect({ servers: natsUrl });
    // A durable as an earlier version of the app left it, with a smaller bound than this one asks.
    const jsm = await ensureStreams(nc, new Namespace(ns));
    await jsm.consumers.add(new Namespace(ns).stream('ORDERS'), {
      durable_name: 'probe-probe-runs',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: new Namespace(ns).subject(streams.ORDERS),
      max_ack_pending: 30,
    });
    app = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error'] });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await nc?.drain();
    await db?.end();
    await cleanUpNamespace(ns);
  });

  /** The outbox rows left of an event: a published one leaves none. */
  const outboxRows = async (id: string): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE "id" = $1`, [id])).rows[0].n;

  const outboxRowsOf = async (envelopes: Array<{ id: string }>): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE "id" = ANY($1)`, [envelopes.map((e) => e.id)]))
      .rows[0].n;

  it('answers requests with typed data and typed errors', async () => {
    const client = app.get(RequestClient);
    await expect(client.request(Echo, { text: 'hi' })).resolves.toEqual({ echoed: 'hi' });
    await expect(client.request(Echo, { text: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.request(Echo, { text: '' } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.request(Unserved, {}, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it("answers a request under the caller's log context: its correlation id and order travel with the request", async () => {
    const client = app.get(RequestClient);
    const contextSeen = async (ask: () => Promise<{ echoed: string }>) => JSON.parse((await ask()).echoed);
    const orderId = randomUUID();
    await expect(
      contextSeen(() =>
        runInLogContext({ correlationId: 'c-ctx', orderId }, () => client.request(Echo, { text: 'log context?' })),
      ),
    ).resolves.toEqual({ correlationId: 'c-ctx', orderId });
    // Asked from no context: the correlation id given, no order.
    await expect(
      contextSeen(() => client.request(Echo, { text: 'log context?' }, { correlationId: 'c-given' })),
    ).resolves.toEqual({
      correlationId: 'c-given',
    });
  });

  it('publishes what a transaction recorded, and a consumer handles it exactly once', async () => {
    const orderId = randomUUID();
    const envelope = await app.get(UnitOfWork).run({ correlationId: 'c-1' }, (tx) =>
      tx.publish(OrderEvents.cancelled, {
        aggregateId: orderId,
        aggregateVersion: 1,
        data: { orderId, customerId: 'c', reason: null },
      }),
    );
    await waitFor('the consumer to handle the event', () => seen.cancelled.includes(orderId));
    // Handled under its log context: what the handler logs carries the event's correlation id and order.
    expect(seen.logContexts.get(orderId)).toEqual({ correlationId: 'c-1', orderId });

    // The same event again (as after a relay crash before marking it published): JetStream drops the
    // duplicate Nats-Msg-Id; under another msg id the inbox still keeps the effect single.
    const { subject } = OrderEvents.cancelled;
    await publishEnvelope(nc, ns, subject, envelope, { msgID: envelope.id });
    await publishEnvelope(nc, ns, subject, envelope, { msgID: randomUUID() });
    const marker = randomUUID();
    await publishEnvelope(nc, ns, subject, { ...envelope, id: marker, data: { ...(envelope.data as object), orderId: marker } });
    await waitFor('a later event to be handled', () => seen.cancelled.includes(marker));
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}"."effects" WHERE "order_id" = $1`, [orderId]);
    expect(rows[0].n).toBe(1);
    await waitFor('the outbox row published and gone', async () => (await outboxRows(envelope.id)) === 0);
  });

  it("relays from one replica at a time: while another holds the schema's relay lock nothing is published, then everything", async () => {
    const relayPass = () => (app.get(OutboxRelay) as unknown as { relayBatch(): Promise<number> }).relayBatch();
    const lockKey = `${schema}.outbox`;
    const holder = new Client({ connectionString: testDatabaseUrl });
    await holder.connect();
    try {
      // Another replica's relay, in the middle of its pass.
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      const orderIds = [randomUUID(), randomUUID(), randomUUID()];
      const envelopes = await app.get(UnitOfWork).run({ correlationId: 'c-standby' }, (tx) =>
        Promise.all(
          orderIds.map((orderId) =>
            tx.publish(OrderEvents.cancelled, {
              aggregateId: orderId,
              aggregateVersion: 1,
              data: { orderId, customerId: 'c', reason: null },
            }),
          ),
        ),
      );
      await expect(relayPass()).resolves.toBe(0);
      expect(await outboxRowsOf(envelopes)).toBe(3);
      expect(seen.cancelled.filter((id) => (orderIds as string[]).includes(id))).toEqual([]);
      // The relay's pass ended its transaction: no connection is left inside it.
      const { rows: open } = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE "state" LIKE 'idle in transaction%' AND "query" LIKE $1`,
        [`%"${schema}"."outbox"%`],
      );
      expect(open[0].n).toBe(0);

      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      await waitFor('every event handled once the lock is free', () => orderIds.every((id) => seen.cancelled.includes(id)));
      await waitFor('their outbox rows gone', async () => (await outboxRowsOf(envelopes)) === 0);
    } finally {
      await holder.end();
    }
  });

  it('writes the events of a transaction to the outbox in the order they were published, and none when it rolls back', async () => {
    // More than one INSERT's worth: the outbox is written in chunks when the transaction is flushed.
    // (An event no consumer of this test handles: the other tests' consumers stay idle.)
    const orderIds = Array.from({ length: 1_001 }, () => randomUUID());
    const publishAll = (tx: Transaction) =>
      Promise.all(
        orderIds.map((orderId) =>
          tx.publish(OrderEvents.inProduction, { aggregateId: orderId, aggregateVersion: 1, data: { orderId, customerId: 'c' } }),
        ),
      );
    const envelopes = await app.get(UnitOfWork).run({ correlationId: 'c-many' }, publishAll);
    const { rows } = await db.query(
      `SELECT "id" FROM "${schema}"."outbox" WHERE "envelope"->>'correlationId' = 'c-many' ORDER BY "seq"`,
    );
    expect(rows.map((row: { id: string }) => row.id)).toEqual(envelopes.map((e) => e.id));

    const failing = app.get(UnitOfWork).run({ correlationId: 'c-rolled-back' }, async (tx) => {
      await publishAll(tx);
      throw new Error('the use case failed after publishing');
    });
    await expect(failing).rejects.toThrow('the use case failed');
    const { rows: none } = await db.query(
      `SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE "envelope"->>'correlationId' = 'c-rolled-back'`,
    );
    expect(none[0].n).toBe(0);
  });

  it('publishes the events a single statement wrote with its change, and refuses events no statement wrote', async () => {
    const orderId = randomUUID();
    const unitOfWork = app.get(UnitOfWork);
    const envelope = await unitOfWork.runInOneStatement({ correlationId: 'c-one' }, async (tx) => {
      const published = await tx.publish(OrderEvents.cancelled, {
        aggregateId: orderId,
        aggregateVersion: 1,
        data: { orderId, customerId: 'c', reason: null },
      });
      const rows = tx.takeOutboxRows();
      await tx.manager.query(
        `WITH e AS (INSERT INTO "${schema}"."outbox" ("id", "subject", "envelope") SELECT $2, $3, $4::jsonb)
         INSERT INTO "${schema}"."effects" ("order_id", "txid") VALUES ($1, txid_current())`,
        [orderId, ...rows[0]],
      );
      return published;
    });
    await waitFor('the consumer to handle the event', () => seen.cancelled.includes(orderId));
    await waitFor('the outbox row published and gone', async () => (await outboxRows(envelope.id)) === 0);

    const forgotten = randomUUID();
    const careless = unitOfWork.runInOneStatement({ correlationId: 'c-forgot' }, (tx) =>
      tx.publish(OrderEvents.cancelled, {
        aggregateId: forgotten,
        aggregateVersion: 1,
        data: { orderId: forgotten, customerId: 'c', reason: null },
      }),
    );
    await expect(careless).rejects.toThrow('events were published that the statement did not write');
  });

  it('handles events that queued up together in one transaction; one that fails there costs the others nothing', async () => {
    const orderIds = Array.from({ length: 60 }, () => randomUUID());
    // The first takes a while, so the others queue up behind it; one in the middle fails once.
    seen.slowOn = orderIds[0];
    seen.failOnce = orderIds[30];
    for (const orderId of orderIds) {
      const envelope = { id: randomUUID(), type: 'order.cancelled', version: 1, occurredAt: new Date().toISOString() };
      await publishEnvelope(nc, ns, OrderEvents.cancelled.subject, {
        ...envelope,
        ...{ aggregateId: orderId, aggregateVersion: 1, correlationId: 'c-burst', causationId: null },
        data: { orderId, customerId: 'c', reason: null },
      });
    }
    // What committed (the handler's own record of what it saw includes work that was rolled back).
    const committed = async () =>
      (
        await db.query(
          `SELECT "order_id", "txid"::text AS txid FROM "${schema}"."effects" WHERE "order_id" = ANY($1) ORDER BY "seq"`,
          [orderIds],
        )
      ).rows as Array<{ order_id: string; txid: string }>;
    await waitFor('every event handled', async () => (await committed()).length >= orderIds.length);
    const rows = await committed();
    // Each once, the failed one included (handled again on its own), in stream order (one lane)...
    expect(rows.map((row) => row.order_id)).toEqual(orderIds);
    expect(seen.failOnce).toBe('');
    // ...and in far fewer transactions than events.
    expect(new Set(rows.map((row) => row.txid)).size).toBeLessThan(orderIds.length / 2);
  });

  it('hands a run of events of a batch-handled type over together, in stream order, each event with its own causation', async () => {
    const orderIds = Array.from({ length: 40 }, () => randomUUID());
    runs.slowOn = orderIds[0];
    runs.failIn = orderIds[25];
    // What the handlers publish, as the relay publishes it (in outbox order).
    const shipped: Array<{ orderId: string; causationId: string | null }> = [];
    const subscription = nc.subscribe(new Namespace(ns).subject(OrderEvents.shipped.subject), {
      callback: (_, msg) => {
        const envelope = msg.json<{ aggregateId: string; causationId: string | null; correlationId: string }>();
        if (envelope.correlationId === 'c-runs')
          shipped.push({ orderId: envelope.aggregateId, causationId: envelope.causationId });
      },
    });
    await nc.flush();
    const eventIds: string[] = [];
    for (const [index, orderId] of orderIds.entries()) {
      // Event 12 is of another type: runs end before it and start again after it.
      const type = index === 12 ? 'order.on-hold' : 'order.in-production';
      const contract = index === 12 ? OrderEvents.onHold : OrderEvents.inProduction;
      const id = randomUUID();
      eventIds.push(id);
      await publishEnvelope(nc, ns, contract.subject, {
        ...{ id, type, version: 1, occurredAt: new Date().toISOString() },
        ...{ aggregateId: orderId, aggregateVersion: 1, correlationId: 'c-runs', causationId: null },
        data: index === 12 ? { orderId, customerId: 'c', reason: 'r' } : { orderId, customerId: 'c' },
      });
    }
    // What committed (the handlers' own record includes work that was rolled back).
    const committed = async () =>
      (
        await db.query(`SELECT "order_id" FROM "${schema}"."effects" WHERE "order_id" = ANY($1) ORDER BY "seq"`, [orderIds])
      ).rows.map((row) => row.order_id as string);
    await waitFor('every event handled', async () => (await committed()).length >= orderIds.length);
    // Stream order, each once (the batch with the run that failed was rolled back and its events handled one by one).
    expect(await committed()).toEqual(orderIds);
    // Runs were handed over whole, never across the event of another type, and the failing one was handled alone.
    expect(runs.runs.some((run) => run.length > 1)).toBe(true);
    expect(Math.max(...runs.runs.map((run) => run.length))).toBeLessThanOrEqual(8);
    // The durable an earlier version made was brought to this one's bound (never under 100).
    const info = await (await jetstreamManager(nc)).consumers.info(new Namespace(ns).stream('ORDERS'), 'probe-probe-runs');
    expect(info.config.max_ack_pending).toBe(100);
    expect(runs.runs.some((run) => run.includes(orderIds[11]) && run.includes(orderIds[13]))).toBe(false);
    expect(runs.runs.filter((run) => run.includes(orderIds[25]))).toEqual([[orderIds[25]]]);
    await waitFor('what the handlers published to be relayed', () => shipped.length >= orderIds.length - 1);
    subscription.unsubscribe();
    expect(shipped).toEqual(
      orderIds.flatMap((orderId, index) => (index === 12 ? [] : [{ orderId, causationId: eventIds[index] }])),
    );
  });

  it('handles the events of different orders side by side, and those of one order in stream order', async () => {
    const orders = Array.from({ length: 8 }, () => randomUUID());
    // Interleaved as a busy stream would carry them: version 1 of every order, then 2, ...
    for (let version = 1; version <= 4; version++) {
      for (const orderId of orders) {
        await app.get(UnitOfWork).run({ correlationId: 'c-per-order' }, (tx) =>
          tx.publish(OrderEvents.promiseChanged, {
            aggregateId: orderId,
            aggregateVersion: version,
            data: { orderId, customerId: 'c', previousPromisedDate: null, promisedDate: '2030-01-01T00:00:00.000Z' },
          }),
        );
      }
    }
    await waitFor('every event handled', () => perOrder.handled.length === 32);
    for (const orderId of orders) {
      expect(perOrder.handled.filter((h) => h.orderId === orderId).map((h) => h.version)).toEqual([1, 2, 3, 4]);
    }
    expect(perOrder.mostAtOnce).toBeGreaterThan(1);
    expect(perOrder.mostAtOnce).toBeLessThanOrEqual(4);
  });

  it('prunes outbox rows published long ago and inbox rows past redelivery, and nothing newer', async () => {
    await db.query(
      `INSERT INTO "${schema}"."outbox" ("id", "subject", "envelope", "published_at") VALUES
        ('old-published', 's', '{}', now() - interval '8 days'),
        ('recent-published', 's', '{}', now() - interval '1 day')`,
    );
    await db.query(
      `INSERT INTO "${schema}"."inbox" ("consumer", "event_id", "processed_at") VALUES
        ('c', 'old', now() - interval '31 days'), ('c', 'recent', now() - interval '29 days')`,
    );
    const pruned = await pruneMessagingTables(app.get(DataSource).manager, schema);
    expect(pruned).toEqual({ outbox: 1, inbox: 1 });
    const { rows } = await db.query(`SELECT "id" FROM "${schema}"."outbox" WHERE "id" LIKE '%published' ORDER BY "id"`);
    expect(rows.map((r) => r.id)).toEqual(['recent-published']);
    const inbox = await db.query(`SELECT "event_id" FROM "${schema}"."inbox" WHERE "consumer" = 'c'`);
    expect(inbox.rows.map((r) => r.event_id)).toEqual(['recent']);
  });

  it('dead-letters an event that keeps failing, and replays it on request', async () => {
    seen.failuresLeft = 2;
    const orderId = randomUUID();
    await app.get(UnitOfWork).run({ correlationId: 'c-2' }, (tx) =>
      tx.publish(OrderEvents.cancelled, {
        aggregateId: orderId,
        aggregateVersion: 1,
        data: { orderId, customerId: 'c', reason: null },
      }),
    );
    const letters = await waitFor('the dead letter', async () => {
      const { items } = await listDeadLetters(nc, new Namespace(ns), { limit: 100 });
      return items.find((l) => l.eventType === 'order.cancelled') ?? null;
    });
    expect(letters).toMatchObject({ service: 'probe', consumer: 'probe-probe', error: expect.stringContaining('probe failure') });
    expect(seen.cancelled).not.toContain(orderId);

    const client = app.get(RequestClient);
    await expect(client.request(deadLetterReplayRequest('probe'), { sequence: Number(letters.id) })).resolves.toEqual({
      replayed: true,
      id: letters.id,
    });
    expect(seen.cancelled).toContain(orderId);
    expect(await listDeadLetters(nc, new Namespace(ns), { limit: 100 })).toEqual({ items: [], nextCursor: null });
  });
});
