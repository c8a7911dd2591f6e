import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The operator's creates with an Idempotency-Key: what each key created, and from which body. */
export class IdempotencyKeys1764400000003 implements MigrationInterface {
  name = 'IdempotencyKeys1764400000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "${migrationSchema(runner)}"."idempotency_keys" (
      "scope" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "result_id" text NOT NULL,
      "token_id" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("scope", "key"))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${migrationSchema(runner)}"."idempotency_keys"`);
  }
}
