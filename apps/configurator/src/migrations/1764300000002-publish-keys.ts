import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An operator's publish or import under an Idempotency-Key: the version it published, and from which document. */
export class PublishKeys1764300000002 implements MigrationInterface {
  name = 'PublishKeys1764300000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "${migrationSchema(runner)}"."publish_keys" (
      "key" text PRIMARY KEY,
      "request_hash" text NOT NULL,
      "product_id" text NOT NULL,
      "version" integer NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${migrationSchema(runner)}"."publish_keys"`);
  }
}
