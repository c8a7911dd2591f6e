import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A published version never changes, so its number of valid configurations is counted once and kept. */
export class ConfigurationCount1764300000001 implements MigrationInterface {
  name = 'ConfigurationCount1764300000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."model_versions" ADD COLUMN "configuration_count" text NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "${migrationSchema(runner)}"."model_versions" DROP COLUMN "configuration_count"`);
  }
}
