import type { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

const UNIQUE_VIOLATION = '23505';

/** The key was claimed by a concurrent request that committed first; this transaction must not go on (insertPlacedOrder). */
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

/** Either our own signal, or the unique violation itself should the insert ever be a plain one. */
export function isKeyAlreadyClaimed(error: unknown): boolean {
  if (error instanceof KeyAlreadyClaimed) return true;
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return code === UNIQUE_VIOLATION && constraint === 'idempotency_keys_pkey';
}
