import { AppError } from '@atelier/contracts';

/**
 * PostgreSQL SQLSTATEs that say "not now" rather than "never": the connection went away, the server is
 * starting or shutting down, or two transactions collided. The same work succeeds once it is retried.
 */
const transientSqlStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

const transientErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What node-postgres and TypeORM say when the pool cannot reach the server. */
const transientMessages = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection is not queryable|not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Connection is closed/i, // ioredis
  // TypeORM, when the connection of a transaction's query runner broke under it (PostgreSQL restarted).
  /query runner was already released|Query runner already released/i,
];

/** TypeORM's errors for a query runner whose connection went away mid-transaction. */
const transientNames = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

/**
 * True when an error comes from infrastructure that is briefly unavailable (PostgreSQL restarting,
 * a dropped connection, a deadlock, another service not answering), so the work should be retried
 * after a pause instead of being reported as the client's fault or dead-lettered.
 */
export function isTransientInfrastructureError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  if (error instanceof AppError) return error.code === 'DEPENDENCY_UNAVAILABLE';
  const e = error as {
    code?: unknown;
    errno?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string') {
    if (transientSqlStates.has(e.code) || e.code.startsWith('08') || transientErrnos.has(e.code)) return true;
  }
  if (typeof e.message === 'string' && transientMessages.some((pattern) => pattern.test(e.message as string))) return true;
  if (error instanceof Error && transientNames.has(error.name)) return true;
  // AggregateError (several addresses refused), TypeORM's QueryFailedError and wrapped causes.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isTransientInfrastructureError(inner, depth + 1))) return true;
  return isTransientInfrastructureError(e.driverError, depth + 1) || isTransientInfrastructureError(e.cause, depth + 1);
}
