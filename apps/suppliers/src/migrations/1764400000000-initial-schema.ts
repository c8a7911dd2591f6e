import { messagingTablesSql } from '@atelier/messaging';
import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const sql of messagingTablesSql(migrationSchema(runner))) await runner.query(sql);
    await runner.query(`CREATE TABLE ${s}."customers" (
      "id" text PRIMARY KEY,
      "name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE TABLE ${s}."suppliers" (
      "id" text PRIMARY KEY,
      "name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    // Only the sha256 of a token is kept: a leaked table lets nobody in.
    await runner.query(`CREATE TABLE ${s}."tokens" (
      "id" text PRIMARY KEY,
      "principal_kind" text NOT NULL CHECK ("principal_kind" IN ('customer', 'supplier')),
      "principal_id" text NOT NULL,
      "token_hash" char(64) NOT NULL UNIQUE,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "revoked_at" timestamptz NULL)`);
    await runner.query(`CREATE TABLE ${s}."factories" (
      "id" text PRIMARY KEY,
      "supplier_id" text NOT NULL REFERENCES ${s}."suppliers" ("id"),
      "name" text NOT NULL,
      "time_zone" text NOT NULL,
      "calendar" jsonb NOT NULL,
      "capabilities" jsonb NOT NULL,
      "version" integer NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE INDEX "factories_supplier" ON ${s}."factories" ("supplier_id", "created_at")`);
    await runner.query(`CREATE TABLE ${s}."shipments" (
      "id" text PRIMARY KEY,
      "supplier_id" text NOT NULL,
      "carrier" text NOT NULL,
      "tracking_number" text NOT NULL,
      "job_ids" jsonb NOT NULL,
      "dispatched_at" timestamptz NOT NULL)`);
    await runner.query(`CREATE TABLE ${s}."jobs" (
      "job_id" text PRIMARY KEY,
      "seq" bigserial NOT NULL UNIQUE,
      "supplier_id" text NOT NULL,
      "factory_id" text NOT NULL,
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
      "work_centre" integer NOT NULL,
      "planned_start" timestamptz NOT NULL,
      "planned_end" timestamptz NOT NULL,
      "is_last_operation" boolean NOT NULL,
      "selections" jsonb NOT NULL,
      "bom" jsonb NOT NULL,
      "status" text NOT NULL,
      "offer_deadline" timestamptz NULL,
      "progress_percent" double precision NOT NULL DEFAULT 0,
      "good_quantity" integer NULL,
      "scrap_quantity" integer NULL,
      "status_reason" text NULL,
      "shipment_id" text NULL REFERENCES ${s}."shipments" ("id"),
      "correlation_id" text NOT NULL,
      "row_version" integer NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE INDEX "jobs_supplier_seq" ON ${s}."jobs" ("supplier_id", "seq" DESC)`);
    await runner.query(`CREATE INDEX "jobs_offered_deadline" ON ${s}."jobs" ("offer_deadline") WHERE "status" = 'offered'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const table of ['jobs', 'shipments', 'factories', 'tokens', 'suppliers', 'customers', 'inbox', 'outbox']) {
      await runner.query(`DROP TABLE ${s}."${table}"`);
    }
  }
}
