import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** PostgreSQL's codes for a transaction that lost a race and is simply done again by its caller. */
const RETRIED = new Set(['40P01' /* deadlock detected */, '40001' /* serialization failure */]);

/**
 * TypeORM's lines through the app's logger (pino: JSON, with the work's correlation and order ids)
 * instead of its own console output. A failed query is told by its statement and error, never its
 * parameters (they hold addresses, token hashes, configurations). A deadlock or serialization failure
 * is expected under load — the consumer batch or use case that met it is done again — so it is debug.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new Logger('database');

  logQuery(): void {}

  /** `parameters` are left out on purpose (see above). */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  logQueryError(error: string | Error, query: string, parameters?: unknown): void {
    const code = typeof error === 'string' ? undefined : (error as { code?: string }).code;
    const message = typeof error === 'string' ? error : error.message;
    const line = `${message} (query: ${query.replace(/\s+/g, ' ').slice(0, 300)})`;
    if (code && RETRIED.has(code)) this.logger.debug(`Transaction done again after: ${line}`);
    else this.logger.warn(`Query failed: ${line}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}
