import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  AppError,
  eventEnvelopeSchema,
  type EventContract,
  type EventDataOf,
  type EventEnvelope,
  Namespace,
} from '@atelier/contracts';
import type { z } from 'zod';

/**
 * The largest event the outbox takes: well under NATS's default message size, so an event that is
 * accepted can always be published. A larger one is refused with its use case, not wedged in the outbox.
 */
export const MAX_EVENT_BYTES = 512 * 1024;

export interface Causation {
  correlationId: string;
  /** The event that caused this work, if an event did. */
  causationId?: string | null;
}

export interface EventFacts<E> {
  aggregateId: string;
  aggregateVersion: number;
  data: EventDataOf<E>;
}

/** Numbers every event published in this process, so that events of several transactions flushed together keep their order. */
let publishedSoFar = 0;

/** Outbox rows written per INSERT statement when a transaction is flushed, and their envelopes' characters at most (a jsonb value may not exceed 256 MB). */
const ROWS_PER_INSERT = 1_000;
const ENVELOPE_CHARS_PER_INSERT = 64 * 1024 * 1024;

export type OutboxRow = [id: string, subject: string, envelope: string];

/** Rows in order, in chunks of at most ROWS_PER_INSERT rows and ENVELOPE_CHARS_PER_INSERT characters of envelope (one row at least). */
export function outboxChunks(rows: OutboxRow[], maxRows = ROWS_PER_INSERT, maxChars = ENVELOPE_CHARS_PER_INSERT): OutboxRow[][] {
  const chunks: OutboxRow[][] = [];
  let chunk: OutboxRow[] = [];
  let chars = 0;
  for (const row of rows) {
    if (chunk.length > 0 && (chunk.length === maxRows || chars + row[2].length > maxChars)) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(row);
    chars += row[2].length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * One database transaction of a service: its entity manager, and an outbox that records
 * events in the same transaction as the state change they describe. Events are written to the
 * outbox together, in one statement, when the owner of the transaction flushes it before commit
 * (a planning run publishes a dozen events: one round trip instead of twelve).
 */
export class Transaction {
  readonly published: EventEnvelope[] = [];
  private readonly afterCommitTasks: Array<() => void> = [];
  private readonly unwritten: Array<{ order: number; row: OutboxRow }> = [];

  constructor(
    readonly manager: EntityManager,
    private readonly schema: string,
    private readonly ns: Namespace,
    readonly causation: Causation,
  ) {}

  async publish<E extends EventContract<z.ZodType>>(event: E, facts: EventFacts<E>): Promise<EventEnvelope> {
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: new Date().toISOString(),
      aggregateId: facts.aggregateId,
      aggregateVersion: facts.aggregateVersion,
      correlationId: this.causation.correlationId,
      causationId: this.causation.causationId ?? null,
      // Our own events must match their contract: a mismatch is a bug, caught before it is published.
      data: event.schema.parse(facts.data),
    };
    eventEnvelopeSchema.parse(envelope);
    const json = JSON.stringify(envelope);
    if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The ${event.type} event would be larger than ${MAX_EVENT_BYTES} bytes: send less at once`,
      );
    }
    this.unwritten.push({ order: publishedSoFar++, row: [envelope.id, this.ns.subject(event.subject), json] });
    this.published.push(envelope);
    return envelope;
  }

  /**
   * Writes the events published so far to the outbox, in the order they were published. The owner
   * of the transaction calls it last, before the commit (UnitOfWork, EventConsumers); an event
   * not flushed is not sent.
   */
  async flush(): Promise<void> {
    await Transaction.flushAll([this]);
  }

  /**
   * flush for several transactions over one database transaction (a consumer's batch: one per
   * event handled): their events written together, in the order they were published.
   */
  static async flushAll(txs: Transaction[]): Promise<void> {
    const pending = txs.flatMap((tx) => tx.unwritten.splice(0)).sort((a, b) => a.order - b.order);
    if (pending.length === 0) return;
    const { manager, schema } = txs[0];
    if (txs.some((tx) => tx.manager !== manager))
      throw new Error('Transactions flushed together must share one database transaction');
    // One array a column: the same text whatever the number of events, so it is prepared once per
    // connection, not parsed and planned at every flush. The envelopes go as one JSON array (their
    // texts joined): as a jsonb[] array every quote in them was escaped here and unescaped there.
    // The rows go in (and take their seq) in order.
    for (const rows of outboxChunks(pending.map(({ row }) => row))) {
      await manager.query(
        `INSERT INTO "${schema}"."outbox" ("id", "subject", "envelope")
         SELECT "id", "subject", "envelope"
         FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), jsonb_array_elements($3::jsonb))
           WITH ORDINALITY AS "e"("id", "subject", "envelope", "n")
         ORDER BY "n"`,
        [rows.map((row) => row[0]), rows.map((row) => row[1]), `[${rows.map((row) => row[2]).join(',')}]`],
      );
    }
  }

  /**
   * The events published so far as outbox rows (id, subject, envelope), in publish order, for a
   * statement that writes them itself (UnitOfWork.runInOneStatement); they count as written.
   */
  takeOutboxRows(): Array<[id: string, subject: string, envelope: string]> {
    return this.unwritten
      .splice(0)
      .sort((a, b) => a.order - b.order)
      .map(({ row }) => row);
  }

  /** Whether events were published that no statement has written yet. */
  get hasUnwrittenEvents(): boolean {
    return this.unwritten.length > 0;
  }

  /**
   * Work that must see this transaction committed and must not hold it open (e.g. triggering a
   * background run over Redis). Run once it committed, not awaited; dropped if it rolls back.
   */
  afterCommit(task: () => void): void {
    this.afterCommitTasks.push(task);
  }

  /** Called by the owner of the transaction once it committed. */
  runAfterCommit(): void {
    for (const task of this.afterCommitTasks.splice(0)) {
      try {
        task();
      } catch {
        // A task reports its own failures; one that throws must not fail a committed use case.
      }
    }
  }
}
