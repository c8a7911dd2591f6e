import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a completed job scrapped: re-work that could not be placed is planned again from it. */
export class JobScrap1764400000003 implements MigrationInterface {
  name = 'JobScrap1764400000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."jobs" ADD COLUMN "scrap_quantity" integer NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."jobs" DROP COLUMN "scrap_quantity"`);
  }
}
