import type { OrderLineView, OrderView, TimelineEntry } from '@atelier/contracts';
import { In, type EntityManager } from 'typeorm';
import { LineJobEntity } from '../production/line-job.entity';
import { lineProgress } from '../production/line-progress';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';

/** What a customer (or the operator) sees of orders: three queries for any number of orders. */
export async function orderViews(manager: EntityManager, orders: OrderEntity[]): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const orderId = In(orders.map((o) => o.id));
  // One after another: inside a transaction the manager has a single connection.
  const lines = await manager.find(OrderLineEntity, { where: { orderId }, order: { position: 'ASC' } });
  const timeline = await manager.find(TimelineEntryEntity, { where: { orderId }, order: { seq: 'ASC' } });
  const jobs = await manager.find(LineJobEntity, { where: { orderId } });
  return orders.map((order) =>
    toView(
      order,
      lines.filter((l) => l.orderId === order.id),
      timeline.filter((t) => t.orderId === order.id),
      jobs.filter((j) => j.orderId === order.id),
    ),
  );
}

export async function orderView(manager: EntityManager, order: OrderEntity): Promise<OrderView> {
  const [view] = await orderViews(manager, [order]);
  return view;
}

/** The view of an order just placed, from what was written (no job is known yet): no query needed. */
export function placedOrderView(
  order: OrderEntity,
  lines: OrderLineEntity[],
  timeline: Array<Pick<TimelineEntryEntity, 'at' | 'type' | 'message'>>,
): OrderView {
  return toView(order, lines, timeline, []);
}

function toView(
  order: OrderEntity,
  lines: OrderLineEntity[],
  timeline: Array<Pick<TimelineEntryEntity, 'at' | 'type' | 'message'>>,
  jobs: LineJobEntity[],
): OrderView {
  const money = (amount: string) => ({ amount, currency: order.currency });
  const lineViews: OrderLineView[] = lines.map((line) => ({
    lineId: line.id,
    productId: line.productId,
    version: line.version,
    selections: line.selections,
    quantity: line.quantity,
    unitPrice: money(line.unitPrice),
    lineTotal: money(line.lineTotal),
    progress: lineProgress(jobs.filter((j) => j.lineId === line.id)),
  }));
  const entries: TimelineEntry[] = timeline.map((t) => ({ at: t.at.toISOString(), type: t.type, message: t.message }));
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    statusReason: order.statusReason,
    lines: lineViews,
    total: money(order.totalAmount),
    requestedDate: order.requestedDate?.toISOString() ?? null,
    promisedDate: order.promisedDate?.toISOString() ?? null,
    shippingAddress: order.shippingAddress,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    timeline: entries,
  };
}
