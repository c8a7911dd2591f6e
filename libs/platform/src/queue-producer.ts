import { withTimeout } from '@atelier/contracts';

/** How long Redis may take to take a producer's call (add, remove) before it counts as failed. */
export const REDIS_PRODUCER_TIMEOUT_MS = 2_000;

/**
 * A producer's call to Redis that never holds its caller up (a request handler, a transaction's
 * after-commit): refused at once while the connection is not up, failed after `timeoutMs` when
 * Redis stops answering meanwhile. The caller decides what a failure means (the offer sweep, a retry).
 */
export function produceFailFast<T>(
  connection: { readonly status: string },
  call: () => Promise<T>,
  what: string,
  timeoutMs = REDIS_PRODUCER_TIMEOUT_MS,
): Promise<T> {
  if (connection.status !== 'ready')
    return Promise.reject(new Error(`Redis is not connected (${connection.status}): ${what} not done`));
  return withTimeout(call(), timeoutMs, `Redis did not answer ${what} in ${timeoutMs} ms`);
}
