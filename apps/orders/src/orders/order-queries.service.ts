import { Injectable } from '@nestjs/common';
import { AppError, type OrderStatus, type OrderView, type Page } from '@atelier/contracts';
import { DataSource } from 'typeorm';
import { OrderEntity } from './order.entity';
import { isOrderId } from './order-store';
import { orderViews } from './order-view';

export interface ListOrdersQuery {
  customerId: string;
  status?: OrderStatus;
  cursor?: string;
  limit: number;
}

/** Reading orders. A customer sees only its own; someone else's order does not exist for it. */
@Injectable()
export class OrderQueriesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Without a customerId the caller is the operator and sees any order. */
  async get(orderId: string, customerId?: string): Promise<OrderView> {
    const order = isOrderId(orderId) ? await this.dataSource.manager.findOneBy(OrderEntity, { id: orderId }) : null;
    if (!order || (customerId !== undefined && order.customerId !== customerId)) throw AppError.notFound(`Order ${orderId}`);
    const [view] = await orderViews(this.dataSource.manager, [order]);
    return view;
  }

  /** Newest first; the cursor is the (createdAt, id) of the last order of the previous page. */
  async list(query: ListOrdersQuery): Promise<Page<OrderView>> {
    const limit = Math.min(Math.max(query.limit, 1), 100);
    const qb = this.dataSource.manager
      .createQueryBuilder(OrderEntity, 'o')
      .where('o.customer_id = :customerId', { customerId: query.customerId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      qb.andWhere('(o.created_at, o.id) < (:createdAt, :id)', after);
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await orderViews(this.dataSource.manager, page),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }
}

/** Exactly what encodeCursor writes: anything else (which Date.parse may still accept) is not ours. */
function isIsoInstant(text: string): boolean {
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString() === text;
}

/** Opaque to clients; created_at is written from a JS Date, so milliseconds compare exactly. */
function encodeCursor(order: OrderEntity): string {
  return Buffer.from(JSON.stringify([order.createdAt.toISOString(), order.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && isIsoInstant(createdAt) && typeof id === 'string' && isOrderId(id)) {
      return { createdAt, id };
    }
  } catch {
    // falls through to the validation error
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', [{ path: 'cursor', message: 'not a cursor from this API' }]);
}
