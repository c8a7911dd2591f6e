import type { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

const UNIQUE_VIOLATION = '23505';

/** The key was claimed by a concurrent request that committed first; this transaction must not go on. */
export class KeyAlreadyClaimed extends Error {
  constructor() {
    super('The idempotency key was claimed concurrently');
  }
}

export function findIdempotencyKey(
  manager: EntityManager,
  customerId: string,
  key: string,
): Promise<IdempotencyKeyEntity | null> {
  return manager.findOne(IdempotencyKeyEntity, { where: { customerId, key } });
}

/**
 * Claimed in the same transaction as the order it creates: both exist, or neither. When a
 * concurrent request holds the same key, PostgreSQL makes this insert wait for it; if it commits,
 * the insert does nothing and KeyAlreadyClaimed rolls this order back, for the caller to re-read.
 */
export async function claimIdempotencyKey(
  manager: EntityManager,
  claim: { customerId: string; key: string; requestHash: string; orderId: string },
): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(IdempotencyKeyEntity)
    .values({ ...claim, createdAt: new Date() })
    .orIgnore()
    .returning(['orderId'])
    .execute();
  if ((result.raw as unknown[]).length === 0) throw new KeyAlreadyClaimed();
}

/** Either our own signal, or the unique violation itself should the insert ever be a plain one. */
export function isKeyAlreadyClaimed(error: unknown): boolean {
  if (error instanceof KeyAlreadyClaimed) return true;
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return code === UNIQUE_VIOLATION && constraint === 'idempotency_keys_pkey';
}
