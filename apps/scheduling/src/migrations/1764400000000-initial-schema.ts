import { messagingTablesSql } from '@atelier/messaging';
import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const sql of messagingTablesSql(migrationSchema(runner))) await runner.query(sql);
    await runner.query(`CREATE TABLE ${s}."factories" (
      "id" text PRIMARY KEY,
      "supplier_id" text NOT NULL,
      "name" text NOT NULL,
      "time_zone" text NOT NULL,
      "working_hours" jsonb NOT NULL,
      "closures" jsonb NOT NULL,
      "capabilities" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE TABLE ${s}."order_plans" (
      "order_id" text PRIMARY KEY,
      "customer_id" text NOT NULL,
      "status" text NOT NULL,
      "lines" jsonb NOT NULL,
      "due_date" timestamptz NULL,
      "promised_date" timestamptz NULL,
      "hold_code" text NULL,
      "hold_reason" text NULL,
      "revision" integer NOT NULL DEFAULT 0,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE INDEX "order_plans_status" ON ${s}."order_plans" ("status")`);
    await runner.query(`CREATE TABLE ${s}."jobs" (
      "id" uuid PRIMARY KEY,
      "order_id" text NOT NULL,
      "line_id" text NOT NULL,
      "product_id" text NOT NULL,
      "product_version" integer NOT NULL,
      "operation_id" text NOT NULL,
      "sequence" integer NOT NULL,
      "capability" text NOT NULL,
      "description" text NULL,
      "quantity" integer NOT NULL,
      "duration_minutes" double precision NOT NULL,
      "factory_id" text NOT NULL,
      "supplier_id" text NOT NULL,
      "work_centre" integer NOT NULL,
      "planned_start" timestamptz NOT NULL,
      "planned_end" timestamptz NOT NULL,
      "is_last_operation" boolean NOT NULL,
      "status" text NOT NULL,
      "firm" boolean NOT NULL DEFAULT false,
      "selections" jsonb NOT NULL,
      "bom" jsonb NOT NULL,
      "replaced_by" uuid NULL,
      "revision" integer NOT NULL DEFAULT 0,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE INDEX "jobs_order" ON ${s}."jobs" ("order_id")`);
    await runner.query(`CREATE INDEX "jobs_status" ON ${s}."jobs" ("status")`);
    await runner.query(`CREATE INDEX "jobs_factory_start" ON ${s}."jobs" ("factory_id", "planned_start")`);
    // One row: a token that changes with every plan write, so a replica knows when its cached Schedule is stale.
    await runner.query(`CREATE TABLE ${s}."plan_state" (
      "id" integer PRIMARY KEY,
      "token" text NOT NULL,
      "revision" integer NOT NULL DEFAULT 0)`);
    await runner.query(`INSERT INTO ${s}."plan_state" ("id", "token", "revision") VALUES (1, 'initial', 0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const table of ['plan_state', 'jobs', 'order_plans', 'factories', 'inbox', 'outbox']) {
      await runner.query(`DROP TABLE ${s}."${table}"`);
    }
  }
}
