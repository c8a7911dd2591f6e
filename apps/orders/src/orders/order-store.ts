import { AppError, isUuid, type OrderStatus } from '@atelier/contracts';
import type { EntityManager } from 'typeorm';
import { schemaOf } from '@atelier/messaging';
import { insertRows, selectRows } from '@atelier/platform';
import { KeyAlreadyClaimed } from '../idempotency/idempotency-keys';
import type { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';
import { assertTransition } from './order-state';
import { TimelineEntryEntity } from './timeline-entry.entity';

/** Reads an order and holds its row until the transaction ends, so every change to one order is serialized. */
export async function lockOrder(manager: EntityManager, orderId: string): Promise<OrderEntity | null> {
  if (!isUuid(orderId)) return null;
  const [order] = await selectRows(manager, OrderEntity, '"id" = $1', [orderId], { forUpdate: true });
  return order ?? null;
}

/** lockOrder for several orders at once, locked in id order (so two such calls never wait on each other in a cycle). */
export async function lockOrders(manager: EntityManager, orderIds: string[]): Promise<Map<string, OrderEntity>> {
  const ids = [...new Set(orderIds)].filter(isUuid).sort();
  if (ids.length === 0) return new Map();
  const orders = await selectRows(manager, OrderEntity, '"id" = ANY($1::uuid[])', [ids], { orderBy: '"id"', forUpdate: true });
  return new Map(orders.map((order) => [order.id, order]));
}

export interface OrderChange {
  status?: OrderStatus;
  statusReason?: string | null;
  promisedDate?: Date | null;
  /** Scheduling's plan revision applied (see OrderTrackingService.onPlanned). */
  planRevision?: number;
}

export interface TimelineNote {
  type: string;
  message: string;
}

/**
 * Applies a change to the order: the status change must be in the state table, the update is
 * conditional on the version read (no lost update even without the row lock), and the customer's
 * timeline gets the note. Several notes are that many changes seen at once (the version moves by
 * as many; their events carry the versions in between, in note order). Returns the order as it
 * now is; its version is the last event's aggregateVersion.
 */
export async function changeOrder(
  manager: EntityManager,
  order: OrderEntity,
  change: OrderChange,
  notes: TimelineNote | TimelineNote[],
): Promise<OrderEntity> {
  if (change.status) assertTransition(order.status, change.status);
  const entries = Array.isArray(notes) ? notes : [notes];
  const version = order.version + entries.length;
  const updatedAt = new Date();
  const result = await manager
    .createQueryBuilder()
    .update(OrderEntity)
    .set({ ...change, version, updatedAt })
    .where('id = :id AND version = :version', { id: order.id, version: order.version })
    .execute();
  if (result.affected !== 1) {
    throw new AppError('CONFLICT', `Order ${order.id} was changed concurrently; try again`);
  }
  await insertRows(
    manager,
    TimelineEntryEntity,
    entries.map((note) => ({ orderId: order.id, at: updatedAt, type: note.type, message: note.message })),
  );
  return Object.assign(new OrderEntity(), order, change, { version, updatedAt });
}

/**
 * changeOrder for several orders locked by this transaction (lockOrders), all given the same change
 * and note: one UPDATE and one timeline INSERT. Returns them as they now are, in the order given.
 */
export async function changeOrders(
  manager: EntityManager,
  orders: OrderEntity[],
  change: OrderChange,
  note: TimelineNote,
): Promise<OrderEntity[]> {
  if (orders.length === 0) return [];
  if (change.status) orders.forEach((order) => assertTransition(order.status, change.status!));
  const updatedAt = new Date();
  const result = await manager
    .createQueryBuilder()
    .update(OrderEntity)
    .set({ ...change, version: () => '"version" + 1', updatedAt })
    .where('id IN (:...ids)', { ids: orders.map((order) => order.id) })
    .execute();
  if (result.affected !== orders.length) {
    throw new AppError('CONFLICT', `Orders ${orders.map((order) => order.id).join(', ')} were changed concurrently; try again`);
  }
  await insertRows(
    manager,
    TimelineEntryEntity,
    orders.map((order) => ({ orderId: order.id, at: updatedAt, type: note.type, message: note.message })),
  );
  return orders.map((order) => Object.assign(new OrderEntity(), order, change, { version: order.version + 1, updatedAt }));
}

/**
 * changeOrder for several orders locked by this transaction, each with its own status, reason,
 * promise, plan revision and notes (a run of order.planned): one statement, conditional on each
 * order's version as read. Returns them as they now are, in the order given.
 */
export async function changeEachOrder(
  manager: EntityManager,
  changes: Array<{
    order: OrderEntity;
    change: Required<Pick<OrderChange, 'status' | 'statusReason' | 'promisedDate' | 'planRevision'>>;
    notes: TimelineNote[];
  }>,
): Promise<OrderEntity[]> {
  if (changes.length === 0) return [];
  for (const { order, change } of changes) assertTransition(order.status, change.status);
  const updatedAt = new Date();
  const s = `"${schemaOf(manager.connection)}"`;
  const rows = changes.map(({ order, change, notes }) => ({
    id: order.id,
    read: order.version,
    version: order.version + notes.length,
    status: change.status,
    reason: change.statusReason,
    promised: change.promisedDate?.toISOString() ?? null,
    revision: change.planRevision,
  }));
  const entries = changes.flatMap(({ order, notes }) => notes.map((note) => ({ orderId: order.id, ...note })));
  const [{ changed }]: Array<{ changed: number }> = await manager.query(
    `WITH u AS (
       UPDATE ${s}."orders" AS o SET "status" = v."status", "status_reason" = v."reason", "promised_date" = v."promised",
         "plan_revision" = v."revision", "version" = v."version", "updated_at" = $3
       FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "read" integer, "version" integer, "status" text, "reason" text,
         "promised" timestamptz, "revision" integer)
       WHERE o."id" = v."id" AND o."version" = v."read"
       RETURNING o."id"
     ), t AS (
       INSERT INTO ${s}."order_timeline" ("order_id", "at", "type", "message")
       SELECT e."orderId", $3, e."type", e."message"
       FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS ("orderId" uuid, "type" text, "message" text)) WITH ORDINALITY AS e("orderId", "type", "message", "n")
       ORDER BY e."n"
     )
     SELECT count(*)::int AS "changed" FROM u`,
    [JSON.stringify(rows), JSON.stringify(entries), updatedAt],
  );
  if (changed !== changes.length) {
    throw new AppError('CONFLICT', `Orders ${rows.map((row) => row.id).join(', ')} were changed concurrently; try again`);
  }
  return changes.map(({ order, change, notes }) =>
    Object.assign(new OrderEntity(), order, change, { version: order.version + notes.length, updatedAt }),
  );
}

/**
 * A placed order written in one statement (placement is the customer's wait): the key's claim, the
 * order, its lines, its first timeline entry and its events' outbox rows. When a concurrent request holds the same key,
 * PostgreSQL makes the claim wait for it; if that one commits, nothing is written and
 * KeyAlreadyClaimed rolls the transaction back, for the caller to answer with the winner.
 */
export async function insertPlacedOrder(
  manager: EntityManager,
  placed: {
    order: OrderEntity;
    lines: OrderLineEntity[];
    note: TimelineNote;
    claim: { key: string; requestHash: string };
    outbox: Array<[id: string, subject: string, envelope: string]>;
  },
): Promise<void> {
  const { order, lines, note, claim, outbox } = placed;
  const s = `"${schemaOf(manager.connection)}"`;
  const [{ claimed }]: Array<{ claimed: number }> = await manager.query(
    `WITH k AS (
       INSERT INTO ${s}."idempotency_keys" ("customer_id", "key", "request_hash", "order_id", "created_at")
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING "order_id"
     ), o AS (
       INSERT INTO ${s}."orders" ("id", "customer_id", "status", "status_reason", "total_amount", "currency", "requested_date",
         "promised_date", "shipping_address", "quote_id", "version", "created_at", "updated_at")
       SELECT "order_id", $1, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $5, $5 FROM k
     ), l AS (
       INSERT INTO ${s}."order_lines" ("id", "order_id", "position", "product_id", "version", "selections", "quantity", "unit_price",
         "line_total", "routing", "bom")
       SELECT r."id", k."order_id", r."position", r."productId", r."version", r."selections", r."quantity", r."unitPrice",
         r."lineTotal", r."routing", r."bom"
       FROM k, jsonb_to_recordset($15::jsonb) AS r("id" uuid, "position" integer, "productId" text, "version" integer,
         "selections" jsonb, "quantity" integer, "unitPrice" text, "lineTotal" text, "routing" jsonb, "bom" jsonb)
     ), t AS (
       INSERT INTO ${s}."order_timeline" ("order_id", "at", "type", "message") SELECT "order_id", $5, $16, $17 FROM k
     ), e AS (
       INSERT INTO ${s}."outbox" ("id", "subject", "envelope")
       SELECT e."id", e."subject", e."envelope"::jsonb
       FROM k, ROWS FROM (jsonb_to_recordset($18::jsonb) AS ("id" text, "subject" text, "envelope" text))
         WITH ORDINALITY AS e("id", "subject", "envelope", "n")
       ORDER BY e."n"
     )
     SELECT count(*)::int AS "claimed" FROM k`,
    [
      order.customerId,
      claim.key,
      claim.requestHash,
      order.id,
      order.createdAt,
      order.status,
      order.statusReason,
      order.totalAmount,
      order.currency,
      order.requestedDate,
      order.promisedDate,
      JSON.stringify(order.shippingAddress),
      order.quoteId,
      order.version,
      JSON.stringify(lines),
      note.type,
      note.message,
      JSON.stringify(outbox.map(([id, subject, envelope]) => ({ id, subject, envelope }))),
    ],
  );
  if (claimed === 0) throw new KeyAlreadyClaimed();
}

export async function appendTimeline(
  manager: EntityManager,
  orderId: string,
  note: TimelineNote,
  at = new Date(),
): Promise<void> {
  await insertRows(manager, TimelineEntryEntity, [{ orderId, at, type: note.type, message: note.message }]);
}
