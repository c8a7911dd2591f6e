import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Quality scrap: what a job scrapped, and which job makes that scrap again. */
export class LineJobRework1764500000001 implements MigrationInterface {
  name = 'LineJobRework1764500000001';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`ALTER TABLE ${s}."line_jobs" ADD COLUMN "scrap_quantity" integer NOT NULL DEFAULT 0`);
    await runner.query(`ALTER TABLE ${s}."line_jobs" ADD COLUMN "rework_of" text NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`ALTER TABLE ${s}."line_jobs" DROP COLUMN "rework_of"`);
    await runner.query(`ALTER TABLE ${s}."line_jobs" DROP COLUMN "scrap_quantity"`);
  }
}
