import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schedule's sort key, so a page is an index range scan from its cursor, not a sort of every
 * job (completed jobs accumulate for ever).
 */
export class ScheduleOrderIndex1764400000100 implements MigrationInterface {
  name = 'ScheduleOrderIndex1764400000100';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(
      `CREATE INDEX "jobs_schedule_order" ON ${s}."jobs" ("factory_id", "capability", "work_centre", "planned_start", "id")`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "${migrationSchema(runner)}"."jobs_schedule_order"`);
  }
}
