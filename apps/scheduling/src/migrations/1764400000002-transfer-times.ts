import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfer times between factories: one row, the default and the pairs that differ from it.
 * The row is created at first start from TRANSFER_MINUTES_DEFAULT (TransferTimes.onModuleInit),
 * since a migration does not see the app's settings.
 */
export class TransferTimes1764400000002 implements MigrationInterface {
  name = 'TransferTimes1764400000002';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`CREATE TABLE ${s}."transfer_times" (
      "id" integer PRIMARY KEY CHECK ("id" = 1),
      "default_minutes" integer NOT NULL CHECK ("default_minutes" >= 0),
      "pairs" jsonb NOT NULL DEFAULT '[]',
      "revision" integer NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`DROP TABLE ${s}."transfer_times"`);
  }
}
