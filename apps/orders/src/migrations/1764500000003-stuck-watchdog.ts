import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stuck-order watchdog: the version at which an order was last told stuck, and its candidates by status and age. */
export class StuckWatchdog1764500000003 implements MigrationInterface {
  name = 'StuckWatchdog1764500000003';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`ALTER TABLE ${s}."orders" ADD COLUMN "stuck_reported_version" integer NULL`);
    await runner.query(
      `CREATE INDEX "orders_open_by_update" ON ${s}."orders" ("status", "updated_at") WHERE "status" NOT IN ('shipped', 'rejected', 'cancelled')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`DROP INDEX ${s}."orders_open_by_update"`);
    await runner.query(`ALTER TABLE ${s}."orders" DROP COLUMN "stuck_reported_version"`);
  }
}
