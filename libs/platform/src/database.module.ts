import { TypeOrmModule } from '@nestjs/typeorm';
import type { DynamicModule } from '@nestjs/common';
import { Client } from 'pg';
import type { MixedList } from 'typeorm';
import { schemaName, type ServiceConfig } from './config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Listed = MixedList<Function | string>;

export interface DatabaseOptions {
  entities: Listed;
  migrations: Listed;
}

/** Makes sure the service's schema exists: migrations keep their table inside it. */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * TypeORM on the service's own schema, changed only by its migrations, applied at start.
 * Entities and migrations are listed explicitly (globs break in builds, STACK.md).
 */
export function databaseModule(config: ServiceConfig, options: DatabaseOptions): DynamicModule {
  const schema = schemaName(config);
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await ensureSchema(config.databaseUrl, schema);
      return {
        type: 'postgres' as const,
        url: config.databaseUrl,
        schema,
        entities: options.entities,
        migrations: options.migrations,
        migrationsRun: true,
        migrationsTableName: 'migrations',
        synchronize: false,
        logging: ['error'] as const,
        extra: { max: 10 },
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
