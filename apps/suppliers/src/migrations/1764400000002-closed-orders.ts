import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders whose cancel suppliers granted: none of their jobs may start, and late offers are ignored. */
export class ClosedOrders1764400000002 implements MigrationInterface {
  name = 'ClosedOrders1764400000002';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(`CREATE TABLE ${s}."closed_orders" (
      "order_id" text PRIMARY KEY,
      "reason" text,
      "closed_at" timestamptz NOT NULL DEFAULT now())`);
    // Closing an order reads and locks all of its jobs.
    await runner.query(`CREATE INDEX "jobs_order" ON ${s}."jobs" ("order_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "${migrationSchema(runner)}"."jobs_order"`);
    await runner.query(`DROP TABLE "${migrationSchema(runner)}"."closed_orders"`);
  }
}
