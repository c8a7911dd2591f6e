import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS, Namespace, type EventEnvelope } from '@atelier/contracts';
import { Counter } from 'prom-client';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { CAUSATION_HEADER, CORRELATION_HEADER, MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';
import { outboxOldestSeconds, outboxUnpublished } from './messaging-metrics';
import { pruneMessagingTables } from './retention';
import { cachedFor } from './scraped-gauge';
import { ensureStreams } from './streams';
import { schemaOf } from './messaging-tables';
import { WakeSignal } from './wake-signal';

const BATCH = 500;
/**
 * Publishes handed to the client in one turn of the event loop. A batch of 500 in one go held
 * scheduling's loop for tens of milliseconds, and every quote waiting behind it; between chunks
 * the app answers what came in. The publishes stay pipelined: the chunks do not wait for acks.
 */
const PUBLISH_CHUNK = 50;
const IDLE_POLL_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** The consumer name under which a parked outbox row appears among the dead letters. */
export const OUTBOX_DEAD_LETTER_CONSUMER = 'outbox';

const parkedEvents = new Counter({
  name: 'atelier_outbox_parked_total',
  help: 'Outbox events that could never be published (too large, no stream), parked as dead letters',
  labelNames: ['service'],
});

/** Set for its transaction by the relay that holds its schema's lock; the read selects nothing without it. */
const RELAY_LOCKED_SETTING = 'atelier.outbox_relay_locked';

/** The next rows to publish, in commit order: the envelope as text, published as it is, never parsed into objects and written out again. */
function readBatchSql(schema: string): string {
  return `SELECT "seq", "subject", "envelope"::text AS "json", "envelope"->>'id' AS "id",
                 "envelope"->>'correlationId' AS "correlationId", "envelope"->>'causationId' AS "causationId"
          FROM "${schema}"."outbox"
          WHERE current_setting('${RELAY_LOCKED_SETTING}') = 'true' AND "published_at" IS NULL ORDER BY "seq" LIMIT ${BATCH}`;
}

/**
 * Published rows go: the event lives on in JetStream, and a crash before this commits publishes
 * them again, which the stream's de-duplication drops. (Marking them published instead rewrote
 * each row, envelope and all, and left the next reads to step over the old versions: on a busy
 * scheduling, that UPDATE was the costliest statement PostgreSQL ran.) The seqs are written into
 * the text, so it can go with the COMMIT in one round trip; they are the table's own bigints.
 */
function forgetSql(schema: string, seqs: string[]): string {
  if (!seqs.every((seq) => /^\d+$/.test(seq)))
    throw new Error(`Outbox seqs are not all integers: ${seqs.slice(0, 3).join(', ')}`);
  return `DELETE FROM "${schema}"."outbox" WHERE "seq" = ANY('{${seqs.join(',')}}'::bigint[])`;
}

/** A parked row stays, marked published, until the retention prunes it: its dead letter may have left its data out. */
function markParkedSql(schema: string): string {
  return `UPDATE "${schema}"."outbox" SET "published_at" = now() WHERE "seq" = ANY($1::bigint[])`;
}

/** An outbox row as the relay reads it: the envelope's text as stored, and what the headers need of it. */
interface OutboxRow {
  seq: string;
  subject: string;
  json: string;
  id: string;
  correlationId: string;
  causationId: string | null;
}

/**
 * Publishes the outbox to JetStream in commit order, with the event id as Nats-Msg-Id so a
 * re-publish after a crash is dropped by the stream's de-duplication. A batch is published
 * pipelined (in order on one connection, acknowledgements awaited together): when one publish of
 * a batch fails for an outage while later ones were stored, the later ones stay ahead of it in the
 * stream (its retry follows them) — consumers apply events by aggregate version, never by arrival. One relay at a time per
 * schema (an advisory lock), so replicas never reorder events; the others stand by.
 * A row that can never be published (larger than the server accepts, or on a subject no stream
 * holds) is parked as a dead letter so the rows after it flow; an outage is waited out.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly signal = new WakeSignal();
  private js: JetStreamClient;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPruned = 0;
  private readonly stopReporting: Array<() => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  kick(): void {
    this.signal.notify();
  }

  onApplicationBootstrap(): void {
    this.js = jetstream(this.nc);
    this.running = this.loop();
    // Read on scrape, from any replica (only one relays): one query through the partial index of unpublished rows.
    const backlog = cachedFor(1_000, () => this.backlog());
    const service = this.options.serviceName;
    this.stopReporting.push(
      outboxUnpublished.readBy(async () => [{ labels: { service }, value: (await backlog()).unpublished }]),
      outboxOldestSeconds.readBy(async () => [{ labels: { service }, value: (await backlog()).oldestSeconds }]),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopReporting.forEach((stop) => stop());
    this.stopped = true;
    this.signal.notify();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const relayed = await this.relayBatch();
        failures = 0;
        if (Date.now() - this.lastPruned > PRUNE_EVERY_MS) await this.prune();
        if (relayed < BATCH) await this.signal.wait(IDLE_POLL_MS);
      } catch (error) {
        failures++;
        if (this.stopped) break;
        this.logger.warn(`Outbox relay failed (attempt ${failures}): ${(error as Error).message}`);
        await this.signal.wait(Math.min(MAX_BACKOFF_MS, 200 * 2 ** failures));
      }
    }
  }

  /** How many rows wait to be published, and for how long the oldest has. */
  private async backlog(): Promise<{ unpublished: number; oldestSeconds: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS "unpublished", COALESCE(EXTRACT(EPOCH FROM now() - min("created_at")), 0)::float8 AS "oldestSeconds"
       FROM "${schemaOf(this.dataSource)}"."outbox" WHERE "published_at" IS NULL`,
    );
    return { unpublished: Number(row.unpublished), oldestSeconds: Math.max(0, Number(row.oldestSeconds)) };
  }

  /** Old published outbox rows and old inbox rows go, so neither table grows without end. */
  private async prune(): Promise<void> {
    this.lastPruned = Date.now();
    const schema = schemaOf(this.dataSource);
    const pruned = await pruneMessagingTables(this.dataSource.manager, schema);
    if (pruned.outbox + pruned.inbox > 0) this.logger.log(`Pruned ${pruned.outbox} outbox and ${pruned.inbox} inbox rows`);
  }

  /**
   * One pass, in two round trips on one connection of the pool: BEGIN, the schema's relay lock and
   * the rows to publish (the lock first, in a statement of its own, so the read's snapshot follows
   * the previous holder's commit); then, once published, their DELETE and COMMIT. Through TypeORM a
   * pass took five (BEGIN, lock, read, delete, COMMIT), and at low rates every order's events take
   * a pass of their own. A connection that fails is discarded, which ends its transaction.
   */
  private async relayBatch(): Promise<number> {
    const schema = schemaOf(this.dataSource);
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      pg.PoolClient,
      (discard?: unknown) => void,
    ];
    let relayed: number;
    let failure: unknown = null;
    try {
      const [, lock, read] = (await client.query(
        `BEGIN;
         SELECT set_config('${RELAY_LOCKED_SETTING}', pg_try_advisory_xact_lock(hashtext(${client.escapeLiteral(`${schema}.outbox`)}))::text, true) AS "locked";
         ${readBatchSql(schema)}`,
      )) as unknown as pg.QueryResult[];
      if (lock.rows[0]?.locked !== 'true') {
        await client.query('COMMIT');
        release();
        return 0;
      }
      const rows = read.rows as OutboxRow[];
      // Publishes are pipelined: one connection keeps them in order, and the stream's acknowledgements
      // are awaited together. Rows are done up to the first failure that is an outage (the rest are
      // tried again; one already stored behind it is dropped by de-duplication, see below).
      const published = await this.publishAll(rows);
      const done: string[] = [];
      const parked: string[] = [];
      for (const [index, row] of rows.entries()) {
        const outcome = published[index];
        if (outcome.status === 'rejected') {
          const never = await this.whyNeverPublishable(row, outcome.reason).catch(() => null);
          if (!never) {
            failure = outcome.reason;
            break;
          }
          await this.park(row, never);
          parked.push(row.seq);
        } else {
          done.push(row.seq);
        }
      }
      if (parked.length > 0) await client.query(markParkedSql(schema), [parked]);
      await client.query(done.length > 0 ? `${forgetSql(schema, done)}; COMMIT` : 'COMMIT');
      relayed = done.length + parked.length;
    } catch (error) {
      release(error);
      throw error;
    }
    release();
    // What was published before a failure stays published; the rest is tried again after a pause.
    if (failure) throw failure;
    return relayed;
  }

  /** Every row published, in order, a chunk a turn; each row's outcome, as Promise.allSettled gives it. */
  private async publishAll(rows: OutboxRow[]): Promise<Array<PromiseSettledResult<void>>> {
    const outcomes: Array<Promise<PromiseSettledResult<void>>> = [];
    for (let start = 0; start < rows.length; start += PUBLISH_CHUNK) {
      if (start > 0) await nextTurn();
      for (const row of rows.slice(start, start + PUBLISH_CHUNK)) {
        // Settled at once: a rejection is never left without a handler while the next chunk waits.
        outcomes.push(
          this.publish(row).then(
            (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
            (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
          ),
        );
      }
    }
    return Promise.all(outcomes);
  }

  private async publish(row: OutboxRow): Promise<void> {
    const h = headers();
    h.set(CORRELATION_HEADER, row.correlationId);
    if (row.causationId) h.set(CAUSATION_HEADER, row.causationId);
    await this.js.publish(row.subject, row.json, { msgID: row.id, headers: h });
  }

  /** Why a row can never be published, or null when its failure is an outage worth waiting out. */
  private async whyNeverPublishable(row: OutboxRow, error: unknown): Promise<string | null> {
    const size = Buffer.byteLength(row.json);
    const maxPayload = this.nc.info?.max_payload;
    if ((maxPayload && size > maxPayload) || /max_payload|MAX_PAYLOAD/i.test(String((error as Error)?.message))) {
      return `the event is ${size} bytes, more than the server accepts (${maxPayload ?? 'unknown'})`;
    }
    if (this.nc.isClosed()) return null;
    const jsm = await jetstreamManager(this.nc);
    if (await this.streamHolds(jsm, row.subject)) return null;
    // NATS may have lost its storage: the catalog's streams are made again, and only a subject none of them holds is parked.
    await ensureStreams(this.nc, new Namespace(this.options.namespace), this.options.streamReplicas);
    return (await this.streamHolds(jsm, row.subject)) ? null : `no stream holds the subject ${row.subject}`;
  }

  private async streamHolds(jsm: JetStreamManager, subject: string): Promise<boolean> {
    try {
      await jsm.streams.find(subject);
      return true;
    } catch (lookup) {
      if (/no stream matches/i.test(String((lookup as Error)?.message))) return false;
      throw lookup;
    }
  }

  /** Sets a row aside as a dead letter (replayable once the cause is fixed) so the rows after it flow. */
  private async park(row: OutboxRow, reason: string): Promise<void> {
    const ns = new Namespace(this.options.namespace);
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.service, this.options.serviceName);
    h.set(DEAD_LETTER_HEADERS.consumer, OUTBOX_DEAD_LETTER_CONSUMER);
    h.set(DEAD_LETTER_HEADERS.subject, row.subject);
    h.set(DEAD_LETTER_HEADERS.error, `not published: ${reason}`);
    h.set(DEAD_LETTER_HEADERS.deliveries, '0');
    h.set(DEAD_LETTER_HEADERS.failedAt, new Date().toISOString());
    const full = row.json;
    const envelope = JSON.parse(full) as EventEnvelope;
    const maxPayload = this.nc.info?.max_payload ?? 1024 * 1024;
    // An event too large to publish is too large to keep whole here too: its identity is kept, its data stays in the outbox table.
    const body =
      Buffer.byteLength(full) < maxPayload - 8 * 1024 ? full : JSON.stringify({ ...envelope, data: null, dataOmitted: true });
    await this.js.publish(ns.subject(`deadletters.${this.options.serviceName}.${OUTBOX_DEAD_LETTER_CONSUMER}`), body, {
      headers: h,
    });
    parkedEvents.inc({ service: this.options.serviceName });
    this.logger.error(`Outbox event ${envelope.id} (${envelope.type}) parked as a dead letter: ${reason}`);
  }
}
