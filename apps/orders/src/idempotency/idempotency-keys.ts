import type { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

const UNIQUE_VIOLATION = '23505';

export function findIdempotencyKey(manager: EntityManager, customerId: string, key: string): Promise<IdempotencyKeyEntity | null> {
  return manager.findOne(IdempotencyKeyEntity, { where: { customerId, key } });
}

/** Claimed in the same transaction as the order it creates: both exist, or neither. */
export async function claimIdempotencyKey(
  manager: EntityManager,
  claim: { customerId: string; key: string; requestHash: string; orderId: string },
): Promise<void> {
  await manager.insert(IdempotencyKeyEntity, { ...claim, createdAt: new Date() });
}

/**
 * The key was claimed by a concurrent request that committed first: PostgreSQL made this insert
 * wait for it, then refused it. The caller re-reads the key instead of failing.
 */
export function isKeyAlreadyClaimed(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return code === UNIQUE_VIOLATION && constraint === 'idempotency_keys_pkey';
}
