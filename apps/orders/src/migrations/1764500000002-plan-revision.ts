import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The latest plan revision of scheduling's that the order has applied: an older one arriving late is ignored. */
export class PlanRevision1764500000002 implements MigrationInterface {
  name = 'PlanRevision1764500000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."orders" ADD COLUMN "plan_revision" integer NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."orders" DROP COLUMN "plan_revision"`);
  }
}
