import type { EntityManager } from 'typeorm';

/**
 * How long the outbox and inbox keep rows. A published event lives on in JetStream, so the relay
 * deletes its outbox row once it is surely published; only a row parked as a dead letter stays, for
 * a week, for its replay. An inbox row must outlive any redelivery of its event (JetStream
 * redelivers within minutes, a dead-letter replay within days).
 */
export const OUTBOX_RETENTION_DAYS = 7;
export const INBOX_RETENTION_DAYS = 30;

/** Deletes what the retention no longer needs; returns how many rows went. */
export async function pruneMessagingTables(manager: EntityManager, schema: string): Promise<{ outbox: number; inbox: number }> {
  const [, outbox] = await manager.query(
    `DELETE FROM "${schema}"."outbox" WHERE "published_at" < now() - make_interval(days => $1)`,
    [OUTBOX_RETENTION_DAYS],
  );
  const [, inbox] = await manager.query(
    `DELETE FROM "${schema}"."inbox" WHERE "processed_at" < now() - make_interval(days => $1)`,
    [INBOX_RETENTION_DAYS],
  );
  return { outbox: Number(outbox) || 0, inbox: Number(inbox) || 0 };
}
