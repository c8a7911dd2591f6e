import { AppError, type OrderStatus } from '@atelier/contracts';
import type { EntityManager } from 'typeorm';
import { OrderEntity } from './order.entity';
import { assertTransition } from './order-state';
import { TimelineEntryEntity } from './timeline-entry.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Order ids are uuids; anything else cannot be an order (and must not reach PostgreSQL as one). */
export function isOrderId(id: string): boolean {
  return UUID.test(id);
}

/** Reads an order and holds its row until the transaction ends, so every change to one order is serialized. */
export async function lockOrder(manager: EntityManager, orderId: string): Promise<OrderEntity | null> {
  if (!isOrderId(orderId)) return null;
  return manager.findOne(OrderEntity, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
}

export interface OrderChange {
  status?: OrderStatus;
  statusReason?: string | null;
  promisedDate?: Date | null;
}

export interface TimelineNote {
  type: string;
  message: string;
}

/**
 * Applies one change to the order: the status change must be in the state table, the update is
 * conditional on the version read (no lost update even without the row lock), and the customer's
 * timeline gets the note. Returns the order as it now is; its version is the events' aggregateVersion.
 */
export async function changeOrder(
  manager: EntityManager,
  order: OrderEntity,
  change: OrderChange,
  note: TimelineNote,
): Promise<OrderEntity> {
  if (change.status) assertTransition(order.status, change.status);
  const updatedAt = new Date();
  const result = await manager
    .createQueryBuilder()
    .update(OrderEntity)
    .set({ ...change, version: order.version + 1, updatedAt })
    .where('id = :id AND version = :version', { id: order.id, version: order.version })
    .execute();
  if (result.affected !== 1) {
    throw new AppError('CONFLICT', `Order ${order.id} was changed concurrently; try again`);
  }
  await appendTimeline(manager, order.id, note, updatedAt);
  return Object.assign(new OrderEntity(), order, change, { version: order.version + 1, updatedAt });
}

export async function appendTimeline(
  manager: EntityManager,
  orderId: string,
  note: TimelineNote,
  at = new Date(),
): Promise<void> {
  await manager.insert(TimelineEntryEntity, { orderId, at, type: note.type, message: note.message });
}
