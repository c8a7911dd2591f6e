import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { EventEnvelope } from '@atelier/contracts';
import { DataSource } from 'typeorm';
import { CAUSATION_HEADER, CORRELATION_HEADER, NATS_CONNECTION } from './tokens';
import { pruneMessagingTables } from './retention';
import { schemaOf } from './unit-of-work';
import { WakeSignal } from './wake-signal';

const BATCH = 200;
const IDLE_POLL_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Publishes the outbox to JetStream in commit order, with the event id as Nats-Msg-Id so a
 * re-publish after a crash is dropped by the stream's de-duplication. One relay at a time per
 * schema (an advisory lock), so replicas never reorder events; the others stand by.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly signal = new WakeSignal();
  private js: JetStreamClient;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPruned = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  kick(): void {
    this.signal.notify();
  }

  onApplicationBootstrap(): void {
    this.js = jetstream(this.nc);
    this.running = this.loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
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

  /** Old published outbox rows and old inbox rows go, so neither table grows without end. */
  private async prune(): Promise<void> {
    this.lastPruned = Date.now();
    const schema = schemaOf(this.dataSource);
    const pruned = await pruneMessagingTables(this.dataSource.manager, schema);
    if (pruned.outbox + pruned.inbox > 0) this.logger.log(`Pruned ${pruned.outbox} outbox and ${pruned.inbox} inbox rows`);
  }

  private async relayBatch(): Promise<number> {
    const schema = schemaOf(this.dataSource);
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`${schema}.outbox`]);
      if (!locked) return 0;
      const rows: Array<{ seq: string; subject: string; envelope: EventEnvelope }> = await manager.query(
        `SELECT "seq", "subject", "envelope" FROM "${schema}"."outbox"
         WHERE "published_at" IS NULL ORDER BY "seq" LIMIT ${BATCH}`,
      );
      for (const row of rows) {
        const h = headers();
        h.set(CORRELATION_HEADER, row.envelope.correlationId);
        if (row.envelope.causationId) h.set(CAUSATION_HEADER, row.envelope.causationId);
        await this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.envelope.id, headers: h });
      }
      if (rows.length > 0) {
        await manager.query(`UPDATE "${schema}"."outbox" SET "published_at" = now() WHERE "seq" = ANY($1::bigint[])`, [
          rows.map((r) => r.seq),
        ]);
      }
      return rows.length;
    });
  }
}
