import { AppError, requestHash } from '@atelier/contracts';
import type { EntityManager } from 'typeorm';

export interface CreatedOnce {
  /** The id of what the key created. */
  resultId: string;
  /** The token issued with it, if any (a replay revokes it and issues another). */
  tokenId: string | null;
}

/**
 * An operator's create under an Idempotency-Key, inside the caller's transaction: the first request
 * with a key creates and records what it created; the same key with the same body finds it (`replay`);
 * the same key with another body is a CONFLICT. Requests with one key wait for each other (an
 * advisory lock on the key), so twenty at once create once.
 */
export async function createOnce<T>(
  manager: EntityManager,
  schema: string,
  scope: string,
  key: string,
  body: unknown,
  create: () => Promise<{ result: T; record: CreatedOnce }>,
  replay: (created: CreatedOnce) => Promise<{ result: T; tokenId?: string | null }>,
): Promise<T> {
  const table = `"${schema}"."idempotency_keys"`;
  const hash = requestHash(body);
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}:idempotency:${scope}:${key}`]);
  const [known]: Array<{ request_hash: string; result_id: string; token_id: string | null }> = await manager.query(
    `SELECT "request_hash", "result_id", "token_id" FROM ${table} WHERE "scope" = $1 AND "key" = $2`,
    [scope, key],
  );
  if (known) {
    if (known.request_hash !== hash) {
      throw new AppError('CONFLICT', 'This Idempotency-Key was used with another body; use a new key for another request');
    }
    const replayed = await replay({ resultId: known.result_id, tokenId: known.token_id });
    if (replayed.tokenId !== undefined) {
      await manager.query(`UPDATE ${table} SET "token_id" = $3 WHERE "scope" = $1 AND "key" = $2`, [
        scope,
        key,
        replayed.tokenId,
      ]);
    }
    return replayed.result;
  }
  const { result, record } = await create();
  await manager.query(
    `INSERT INTO ${table} ("scope", "key", "request_hash", "result_id", "token_id") VALUES ($1, $2, $3, $4, $5)`,
    [scope, key, hash, record.resultId, record.tokenId],
  );
  return result;
}
