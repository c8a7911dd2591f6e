import type { DataSource } from 'typeorm';

/**
 * The outbox and inbox every event-owning or event-consuming service keeps in its own schema.
 * Called from each service's first migration.
 */
export function messagingTablesSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}."outbox" (
      "seq" bigserial PRIMARY KEY,
      "id" text NOT NULL UNIQUE,
      "subject" text NOT NULL,
      "envelope" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz NULL)`,
    `CREATE INDEX "outbox_unpublished" ON ${s}."outbox" ("seq") WHERE "published_at" IS NULL`,
    `CREATE TABLE ${s}."inbox" (
      "consumer" text NOT NULL,
      "event_id" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id"))`,
  ];
}

/** The service's own schema, where its outbox, inbox and tables live. */
export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('The data source has no schema: every service owns one');
  return schema;
}
