import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders whose every job is done become `completed`: their jobs leave the live plan (the loader
 * reads the completed jobs of live orders only). Orders finished before this migration are marked
 * here; from now on the last completion marks its order.
 */
export class CompletedOrders1764400000200 implements MigrationInterface {
  name = 'CompletedOrders1764400000200';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    await runner.query(
      `UPDATE ${s}."order_plans" p SET "status" = 'completed', "revision" = p."revision" + 1, "updated_at" = now()
        WHERE p."status" = 'planned'
          AND EXISTS (SELECT 1 FROM ${s}."jobs" j WHERE j."order_id" = p."order_id" AND j."status" = 'completed')
          AND NOT EXISTS (
            SELECT 1 FROM ${s}."jobs" j WHERE j."order_id" = p."order_id" AND j."status" IN ('planned', 'offered', 'accepted', 'in_progress')
          )`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE "${migrationSchema(runner)}"."order_plans" SET "status" = 'planned' WHERE "status" = 'completed'`);
  }
}
