import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Re-work after a quality scrap: a job that makes the scrapped quantity of another job again. */
export class JobRework1764400000001 implements MigrationInterface {
  name = 'JobRework1764400000001';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`ALTER TABLE ${s}."jobs" ADD COLUMN "rework_of" uuid NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`ALTER TABLE ${s}."jobs" DROP COLUMN "rework_of"`);
  }
}
