import { schemaOf } from '@atelier/messaging';
import type { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

const UNIQUE_VIOLATION = '23505';

/** The key was claimed by a concurrent request that committed first; this transaction must not go on (insertPlacedOrder). */
export class KeyAlreadyClaimed extends Error {
  constructor() {
    super('The idempotency key was claimed concurrently');
  }
}

/**
 * What a key already created, if anything: asked at every placement, beside pricing. One prepared
 * statement, not TypeORM's query builder (which cost more CPU than the lookup itself).
 */
export async function findIdempotencyKey(
  manager: EntityManager,
  customerId: string,
  key: string,
): Promise<Pick<IdempotencyKeyEntity, 'requestHash' | 'orderId'> | null> {
  const s = `"${schemaOf(manager.connection)}"`;
  const rows: Array<{ requestHash: string; orderId: string }> = await manager.query(
    `SELECT "request_hash" AS "requestHash", "order_id"::text AS "orderId" FROM ${s}."idempotency_keys" WHERE "customer_id" = $1 AND "key" = $2`,
    [customerId, key],
  );
  return rows[0] ?? null;
}

/** Either our own signal, or the unique violation itself should the insert ever be a plain one. */
export function isKeyAlreadyClaimed(error: unknown): boolean {
  if (error instanceof KeyAlreadyClaimed) return true;
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return code === UNIQUE_VIOLATION && constraint === 'idempotency_keys_pkey';
}
