import { messagingTablesSql } from '@atelier/messaging';
import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const sql of messagingTablesSql(migrationSchema(runner))) await runner.query(sql);
    await runner.query(`CREATE TABLE ${s}."model_versions" (
      "product_id" text NOT NULL,
      "version" integer NOT NULL,
      "name" text NOT NULL,
      "description" text NULL,
      "document" jsonb NOT NULL,
      "published_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("product_id", "version"))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`DROP TABLE ${s}."model_versions"`);
    await runner.query(`DROP TABLE ${s}."inbox"`);
    await runner.query(`DROP TABLE ${s}."outbox"`);
  }
}
