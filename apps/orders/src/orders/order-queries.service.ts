import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  decodeCursor,
  isIsoInstant,
  isUuid,
  toPage,
  type AdminOrderSummaryView,
  type OrderStatus,
  type OrderSummaryView,
  type OrderView,
  type Page,
} from '@atelier/contracts';
import { Clock } from '@atelier/platform';
import { DataSource } from 'typeorm';
import { OrderEntity } from './order.entity';
import { orderSummaries } from './order-summary';
import { orderViews } from './order-view';
import { stuckOf, WATCHDOG_SETTINGS, whereStuck, type StuckRules } from '../watchdog/stuck-rules';

export interface ListOrdersQuery {
  customerId: string;
  status?: OrderStatus;
  cursor?: string;
  limit: number;
}

export interface ListAllOrdersQuery {
  status?: OrderStatus;
  stuck?: boolean;
  cursor?: string;
  limit: number;
}

/** Reading orders. A customer sees only its own; someone else's order does not exist for it. */
@Injectable()
export class OrderQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(WATCHDOG_SETTINGS) private readonly watchdog: StuckRules,
  ) {}

  /** The operator's view of every customer's orders, newest first; `stuck` keeps only the stuck ones (stuck-rules.ts). */
  async listAll(query: ListAllOrdersQuery): Promise<Page<AdminOrderSummaryView>> {
    const now = this.clock.now();
    const qb = this.dataSource.manager
      .createQueryBuilder(OrderEntity, 'o')
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.stuck) whereStuck(qb, this.watchdog, now);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, parseOrderKey);
      qb.andWhere('(o.created_at, o.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const summaries = new Map((await orderSummaries(this.dataSource.manager, page)).map((s) => [s.id, s]));
    const byId = new Map(page.map((order) => [order.id, order]));
    return toPage(
      rows,
      query.limit,
      (order) => ({ ...summaries.get(order.id)!, stuck: stuckOf(byId.get(order.id)!, this.watchdog, now) }),
      keyOf,
    );
  }

  /** Without a customerId the caller is the operator and sees any order. */
  async get(orderId: string, customerId?: string): Promise<OrderView> {
    const order = isUuid(orderId) ? await this.dataSource.manager.findOneBy(OrderEntity, { id: orderId }) : null;
    if (!order || (customerId !== undefined && order.customerId !== customerId)) throw AppError.notFound(`Order ${orderId}`);
    const [view] = await orderViews(this.dataSource.manager, [order]);
    return view;
  }

  /** Newest first; the cursor is the (createdAt, id) of the last order of the previous page. */
  async list(query: ListOrdersQuery): Promise<Page<OrderSummaryView>> {
    const qb = this.dataSource.manager
      .createQueryBuilder(OrderEntity, 'o')
      .where('o.customer_id = :customerId', { customerId: query.customerId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, parseOrderKey);
      qb.andWhere('(o.created_at, o.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await qb.getMany();
    const summaries = new Map((await orderSummaries(this.dataSource.manager, rows.slice(0, query.limit))).map((s) => [s.id, s]));
    return toPage(rows, query.limit, (order) => summaries.get(order.id)!, keyOf);
  }
}

type OrderKey = [createdAt: string, id: string];

/** created_at is written from a JS Date, so its milliseconds compare exactly. */
function keyOf(order: OrderEntity): OrderKey {
  return [order.createdAt.toISOString(), order.id];
}

function parseOrderKey(parts: unknown[]): OrderKey | null {
  const [createdAt, id] = parts;
  return parts.length === 2 && isIsoInstant(createdAt) && isUuid(id) ? [createdAt, id] : null;
}
