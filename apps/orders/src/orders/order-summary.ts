import { MAX_LISTED_REASON, type OrderSummaryView } from '@atelier/contracts';
import { In, Not, IsNull, type EntityManager } from 'typeorm';
import { LineJobEntity } from '../production/line-job.entity';
import { lineProgress } from '../production/line-progress';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';

/**
 * Orders as a list shows them: two small queries for a page, no selections and no timeline, so a
 * page's size does not grow with what customers configured or with how long an order has lived.
 */
export async function orderSummaries(manager: EntityManager, orders: OrderEntity[]): Promise<OrderSummaryView[]> {
  if (orders.length === 0) return [];
  const orderId = In(orders.map((o) => o.id));
  const lines = await manager.find(OrderLineEntity, { where: { orderId }, select: { id: true, orderId: true } });
  const jobs = await manager.find(LineJobEntity, { where: { orderId, lineId: Not(IsNull()) } });
  return orders.map((order) => {
    const lineIds = new Set(lines.filter((l) => l.orderId === order.id).map((l) => l.id));
    // Over every job of the order's lines, as the detail shows them line by line.
    const progress = lineProgress(jobs.filter((j) => j.orderId === order.id && lineIds.has(j.lineId!)));
    return {
      id: order.id,
      customerId: order.customerId,
      status: order.status,
      statusReason: listedReason(order.statusReason),
      total: { amount: order.totalAmount, currency: order.currency },
      requestedDate: order.requestedDate?.toISOString() ?? null,
      promisedDate: order.promisedDate?.toISOString() ?? null,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
      lineCount: lineIds.size,
      progress,
    };
  });
}

function listedReason(reason: string | null): string | null {
  if (reason === null || reason.length <= MAX_LISTED_REASON) return reason;
  return `${reason.slice(0, MAX_LISTED_REASON - 1)}…`;
}
