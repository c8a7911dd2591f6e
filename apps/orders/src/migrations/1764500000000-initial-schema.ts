import { messagingTablesSql } from '@atelier/messaging';
import { migrationSchema } from '@atelier/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764500000000 implements MigrationInterface {
  name = 'InitialSchema1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const sql of messagingTablesSql(migrationSchema(runner))) await runner.query(sql);
    await runner.query(`CREATE TABLE ${s}."orders" (
      "id" uuid PRIMARY KEY,
      "customer_id" text NOT NULL,
      "status" text NOT NULL,
      "status_reason" text NULL,
      "total_amount" text NOT NULL,
      "currency" text NOT NULL,
      "requested_date" timestamptz NULL,
      "promised_date" timestamptz NULL,
      "shipping_address" jsonb NOT NULL,
      "quote_id" uuid NULL,
      "version" integer NOT NULL,
      "created_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX "orders_by_customer" ON ${s}."orders" ("customer_id", "created_at" DESC, "id" DESC)`);
    await runner.query(`CREATE TABLE ${s}."order_lines" (
      "id" uuid PRIMARY KEY,
      "order_id" uuid NOT NULL REFERENCES ${s}."orders" ("id"),
      "position" integer NOT NULL,
      "product_id" text NOT NULL,
      "version" integer NOT NULL,
      "selections" jsonb NOT NULL,
      "quantity" integer NOT NULL,
      "unit_price" text NOT NULL,
      "line_total" text NOT NULL,
      "routing" jsonb NOT NULL,
      "bom" jsonb NOT NULL,
      UNIQUE ("order_id", "position"))`);
    await runner.query(`CREATE TABLE ${s}."order_timeline" (
      "seq" bigserial PRIMARY KEY,
      "order_id" uuid NOT NULL REFERENCES ${s}."orders" ("id"),
      "at" timestamptz NOT NULL,
      "type" text NOT NULL,
      "message" text NOT NULL)`);
    await runner.query(`CREATE INDEX "order_timeline_by_order" ON ${s}."order_timeline" ("order_id", "seq")`);
    await runner.query(`CREATE TABLE ${s}."idempotency_keys" (
      "customer_id" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "order_id" uuid NOT NULL REFERENCES ${s}."orders" ("id"),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("customer_id", "key"))`);
    await runner.query(`CREATE TABLE ${s}."line_jobs" (
      "job_id" text PRIMARY KEY,
      "order_id" uuid NOT NULL REFERENCES ${s}."orders" ("id"),
      "line_id" uuid NULL,
      "status" text NOT NULL,
      "percent" integer NOT NULL DEFAULT 0,
      "is_last_operation" boolean NULL)`);
    await runner.query(`CREATE INDEX "line_jobs_by_order" ON ${s}."line_jobs" ("order_id")`);
    await runner.query(`CREATE TABLE ${s}."line_shipments" (
      "shipment_id" text NOT NULL,
      "job_id" text NOT NULL,
      "order_id" uuid NOT NULL REFERENCES ${s}."orders" ("id"),
      "line_id" uuid NOT NULL,
      "carrier" text NOT NULL,
      "tracking_number" text NOT NULL,
      "dispatched_at" timestamptz NOT NULL,
      PRIMARY KEY ("shipment_id", "job_id"))`);
    await runner.query(`CREATE INDEX "line_shipments_by_order" ON ${s}."line_shipments" ("order_id")`);
    await runner.query(`CREATE TABLE ${s}."quotes" (
      "id" uuid PRIMARY KEY,
      "customer_id" text NOT NULL,
      "lines" jsonb NOT NULL,
      "total_amount" text NOT NULL,
      "currency" text NOT NULL,
      "requested_date" timestamptz NULL,
      "promised_date" timestamptz NULL,
      "promise_reason" text NULL,
      "valid_until" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${migrationSchema(runner)}"`;
    for (const table of [
      'quotes',
      'line_shipments',
      'line_jobs',
      'idempotency_keys',
      'order_timeline',
      'order_lines',
      'orders',
      'inbox',
      'outbox',
    ]) {
      await runner.query(`DROP TABLE ${s}."${table}"`);
    }
  }
}
