import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Jobs scheduling cancelled before their offer arrived here: a late (or replayed) offer must not revive them. */
export class WithdrawnJobs1764400000001 implements MigrationInterface {
  name = 'WithdrawnJobs1764400000001';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`CREATE TABLE ${s}."withdrawn_jobs" (
      "job_id" text PRIMARY KEY,
      "reason" text NOT NULL,
      "withdrawn_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${migrationSchema(runner)}"."withdrawn_jobs"`);
  }
}
