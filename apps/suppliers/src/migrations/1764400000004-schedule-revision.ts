import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The revision of scheduling's job last applied (its offer, then each rescheduling): an older one arriving late is ignored. */
export class ScheduleRevision1764400000004 implements MigrationInterface {
  name = 'ScheduleRevision1764400000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE "${migrationSchema(runner)}"."jobs" ADD COLUMN "schedule_revision" integer NOT NULL DEFAULT 0`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."jobs" DROP COLUMN "schedule_revision"`);
  }
}
