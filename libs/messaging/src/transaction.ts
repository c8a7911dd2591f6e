import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { AppError, eventEnvelopeSchema, type EventContract, type EventDataOf, type EventEnvelope, Namespace } from '@atelier/contracts';
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

/**
 * One database transaction of a service: its entity manager, and an outbox that records
 * events in the same transaction as the state change they describe.
 */
export class Transaction {
  readonly published: EventEnvelope[] = [];
  private readonly afterCommitTasks: Array<() => void> = [];

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
      throw new AppError('PAYLOAD_TOO_LARGE', `The ${event.type} event would be larger than ${MAX_EVENT_BYTES} bytes: send less at once`);
    }
    await this.manager.query(`INSERT INTO "${this.schema}"."outbox" ("id", "subject", "envelope") VALUES ($1, $2, $3)`, [
      envelope.id,
      this.ns.subject(event.subject),
      json,
    ]);
    this.published.push(envelope);
    return envelope;
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
