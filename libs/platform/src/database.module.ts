import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger, type DynamicModule } from '@nestjs/common';
import { DatabaseLogger } from './database-logger';
import { isTransientInfrastructureError } from '@atelier/messaging';
import { Client } from 'pg';
import { preparingPostgresDriver } from './prepared-statements';
import { DataSource, type MixedList } from 'typeorm';
import { schemaName, type ServiceConfig } from './config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Listed = MixedList<Function | string>;

export interface DatabaseOptions {
  entities: Listed;
  migrations: Listed;
}

/** Makes sure the service's schema exists: migrations keep their table inside it. Waits for a PostgreSQL that is down. */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    // A connection the server ends between statements must not end the process (its next query fails instead).
    client.on('error', () => undefined);
    try {
      await client.connect();
      // Only when missing: a service's own role (provisioned with its schema) may not create schemas,
      // and CREATE SCHEMA IF NOT EXISTS asks for that right even when the schema is there.
      const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (existing.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      return;
    } catch (error) {
      // Replicas started together race on IF NOT EXISTS: the loser sees the winner's schema as a
      // unique violation (23505) or a duplicate schema (42P06). Either way the schema is there.
      if (['23505', '42P06'].includes((error as { code?: string }).code ?? '')) return;
      if (!isTransientInfrastructureError(error)) throw error;
      if (attempt === 1)
        new Logger('database').warn(`PostgreSQL is not available yet (${(error as Error).message}); waiting for it`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Applies the service's pending migrations, one replica at a time: replicas started together on a
 * fresh schema would otherwise both create the migrations table and both run the first migration,
 * and one of them would fail its start. A session-level advisory lock per schema serialises them;
 * the lock goes with its connection, so a replica killed half-way does not keep the others waiting.
 * Waits for a PostgreSQL that is down, like {@link ensureSchema}.
 */
export async function migrateSchema(databaseUrl: string, schema: string, options: DatabaseOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const lock = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    const dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      schema,
      entities: options.entities,
      migrations: options.migrations,
      migrationsTableName: 'migrations',
      logging: ['error'],
      logger: new DatabaseLogger(),
      extra: { max: 1, connectionTimeoutMillis: 5_000 },
    });
    try {
      await lock.connect();
      lock.on('error', () => undefined);
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`atelier:migrations:${schema}`]);
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'all' });
      return;
    } catch (error) {
      if (!isTransientInfrastructureError(error)) throw error;
      if (attempt === 1)
        new Logger('database').warn(`Could not migrate ${schema} yet (${(error as Error).message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      await lock.end().catch(() => undefined);
    }
  }
}

/**
 * TypeORM on the service's own schema, changed only by its migrations, applied at start (one
 * replica at a time, {@link migrateSchema}).
 * Entities and migrations are listed explicitly (globs break in builds, STACK.md).
 */
export function databaseModule(config: ServiceConfig, options: DatabaseOptions): DynamicModule {
  const schema = schemaName(config);
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await ensureSchema(config.databaseUrl, schema);
      await migrateSchema(config.databaseUrl, schema, options);
      return {
        type: 'postgres' as const,
        url: config.databaseUrl,
        schema,
        entities: options.entities,
        migrations: options.migrations,
        migrationsRun: false,
        migrationsTableName: 'migrations',
        synchronize: false,
        logging: ['error'] as const,
        logger: new DatabaseLogger(),
        // A server that does not answer is an error after 5 s, not a wait without end.
        extra: { max: 10, connectionTimeoutMillis: 5_000 },
        // Statements run again and again are prepared once per connection.
        driver: preparingPostgresDriver(),
        // Started while PostgreSQL is down, the app waits for it instead of exiting; any other
        // failure (a migration that does not apply, say) still stops the start.
        retryAttempts: Number.MAX_SAFE_INTEGER,
        retryDelay: 2_000,
        toRetry: (error: unknown) => isTransientInfrastructureError(error),
      };
    },
  });
}

/** The schema a migration runs in: the service's own, namespaced. */
export function migrationSchema(runner: { connection: { options: object } }): string {
  const schema = (runner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('Migrations run only in a service schema');
  return schema;
}
