import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AppError,
  isUuid,
  OrderEvents,
  SuppliersRequests,
  type ConfirmedLine,
  type EventDataOf,
  type OrderView,
} from '@atelier/contracts';
import { RequestClient, UnitOfWork, type BatchItem, type Transaction } from '@atelier/messaging';
import { selectRows } from '@atelier/platform';
import type { Repository } from 'typeorm';
import { OrderLineEntity } from '../orders/order-line.entity';
import { OrderEntity } from '../orders/order.entity';
import { changeOrder, changeOrders, lockOrder, lockOrders } from '../orders/order-store';
import { assertTransition, isCancellable } from '../orders/order-state';
import { orderView } from '../orders/order-view';
import { ProductionService } from '../production/production.service';
import { compensationOf } from './order-saga';

/** Step 2 of the saga (confirm) and its one compensation (cancel). */
@Injectable()
export class OrderSagaService {
  private readonly logger = new Logger(OrderSagaService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly requests: RequestClient,
    @InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>,
    private readonly production: ProductionService,
  ) {}

  /**
   * On our own `order.placed` (a consumer's run of them): confirm each order and give scheduling
   * everything it needs to plan. An order already confirmed, or cancelled meanwhile, is left as it is;
   * one with a line that needs no operation is rejected.
   */
  async confirm(items: Array<BatchItem<EventDataOf<typeof OrderEvents.placed>>>): Promise<void> {
    const { manager } = items[0].tx; // one database transaction for the run
    const locked = await lockOrders(
      manager,
      items.map(({ data }) => data.orderId),
    );
    const placed = [...locked.values()].filter((order) => order.status === 'placed');
    if (placed.length === 0) return;
    const lines = await selectRows(manager, OrderLineEntity, '"order_id" = ANY($1::uuid[])', [placed.map((order) => order.id)], {
      orderBy: '"order_id", "position"',
    });
    const linesOf = (orderId: string) => lines.filter((line) => line.orderId === orderId);
    const txOf = (orderId: string) => items.find(({ data }) => data.orderId === orderId)!.tx;
    const makeable = placed.filter((order) => linesOf(order.id).every((line) => line.routing.length > 0));
    for (const order of placed.filter((o) => !makeable.includes(o))) await this.reject(txOf(order.id), order, linesOf(order.id));
    const confirmed = await changeOrders(
      manager,
      makeable,
      { status: 'confirmed' },
      {
        type: 'confirmed',
        message: 'Order confirmed; production is being planned',
      },
    );
    for (const order of confirmed) {
      await txOf(order.id).publish(OrderEvents.confirmed, {
        aggregateId: order.id,
        aggregateVersion: order.version,
        data: {
          orderId: order.id,
          customerId: order.customerId,
          dueDate: order.requestedDate?.toISOString() ?? null,
          lines: linesOf(order.id).map((line) => confirmedLine(line, order.currency)),
        },
      });
    }
  }

  private async reject(tx: Transaction, order: OrderEntity, lines: OrderLineEntity[]): Promise<void> {
    const unmakeable = lines.filter((line) => line.routing.length === 0);
    const reason = `Line(s) ${unmakeable.map((l) => l.position + 1).join(', ')} need no operation: nothing can be produced`;
    const rejected = await changeOrder(
      tx.manager,
      order,
      { status: 'rejected', statusReason: reason },
      { type: 'rejected', message: `Order rejected: ${reason}` },
    );
    await tx.publish(OrderEvents.rejected, {
      aggregateId: order.id,
      aggregateVersion: rejected.version,
      data: { orderId: order.id, customerId: order.customerId, reason },
    });
  }

  /**
   * The compensation, allowed until a supplier starts. Suppliers decides whether production has
   * started (the start happens there): it closes the order — withdrawing its jobs and refusing every
   * later start — or refuses because a job has started. Only then is the order cancelled here, and
   * scheduling and suppliers undo their steps on `order.cancelled`. Should this process die between
   * the two, suppliers' `order.closed` event cancels the order (onClosed). Cancelling a cancelled
   * order answers it again.
   */
  async cancel(command: { customerId: string; orderId: string; reason?: string }, correlationId: string): Promise<OrderView> {
    const order = isUuid(command.orderId) ? await this.orders.findOne({ where: { id: command.orderId } }) : null;
    if (!order || order.customerId !== command.customerId) throw AppError.notFound(`Order ${command.orderId}`);
    if (order.status !== 'cancelled') {
      // A start already reported here is final: no need to ask, and the customer is told why in the same words.
      if (order.status === 'in_production' || (await this.production.productionStarted(this.orders.manager, order.id))) {
        throw productionStarted(order.status);
      }
      assertTransition(order.status, 'cancelled');
      const reason = command.reason ?? null;
      await this.requests.request(SuppliersRequests.closeOrder, { orderId: order.id, reason }, { correlationId });
    }
    return this.unitOfWork.run({ correlationId }, async (tx) => {
      const locked = await lockOrder(tx.manager, command.orderId);
      if (!locked) throw AppError.notFound(`Order ${command.orderId}`);
      if (locked.status === 'cancelled') return orderView(tx.manager, locked);
      return orderView(tx.manager, await this.cancelLocked(tx, locked, command.reason ?? null));
    });
  }

  /** Suppliers closed the order (it granted a cancel): the order is cancelled, if it was not already. */
  async onClosed(closed: { orderId: string; reason: string | null }, tx: Transaction): Promise<void> {
    const order = await lockOrder(tx.manager, closed.orderId);
    if (!order || order.status === 'cancelled') return;
    if (!isCancellable(order.status)) {
      this.logger.warn(`Suppliers closed order ${order.id}, which is ${order.status}: nothing to cancel`);
      return;
    }
    await this.cancelLocked(tx, order, closed.reason);
  }

  private async cancelLocked(tx: Transaction, order: OrderEntity, reason: string | null): Promise<OrderEntity> {
    const message = `Order cancelled${reason ? `: ${reason}` : ''}. ${compensationOf(order.status)}`;
    const cancelled = await changeOrder(
      tx.manager,
      order,
      { status: 'cancelled', statusReason: reason },
      { type: 'cancelled', message },
    );
    await tx.publish(OrderEvents.cancelled, {
      aggregateId: order.id,
      aggregateVersion: cancelled.version,
      data: { orderId: order.id, customerId: order.customerId, reason },
    });
    return cancelled;
  }
}

function productionStarted(from: string): AppError {
  return new AppError('INVALID_TRANSITION', 'Production has started: the order can no longer be cancelled', {
    from,
    to: 'cancelled',
  });
}

/** Everything scheduling needs to plan a line, and suppliers to build it. */
function confirmedLine(line: OrderLineEntity, currency: string): ConfirmedLine {
  return {
    lineId: line.id,
    productId: line.productId,
    version: line.version,
    selections: line.selections,
    quantity: line.quantity,
    lineTotal: { amount: line.lineTotal, currency },
    routing: line.routing,
    bom: line.bom,
  };
}
