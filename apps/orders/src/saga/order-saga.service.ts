import { Injectable } from '@nestjs/common';
import { AppError, OrderEvents, type ConfirmedLine, type EventDataOf, type OrderView } from '@atelier/contracts';
import { UnitOfWork, type Transaction } from '@atelier/messaging';
import { OrderLineEntity } from '../orders/order-line.entity';
import { changeOrder, lockOrder } from '../orders/order-store';
import { isCancellable } from '../orders/order-state';
import { orderView } from '../orders/order-view';
import { ProductionService } from '../production/production.service';
import { compensationOf } from './order-saga';

/** Step 2 of the saga (confirm) and its one compensation (cancel). */
@Injectable()
export class OrderSagaService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly production: ProductionService,
  ) {}

  /** On our own `order.placed`: confirm it and give scheduling everything it needs to plan. */
  async confirm(placed: EventDataOf<typeof OrderEvents.placed>, tx: Transaction): Promise<void> {
    const order = await lockOrder(tx.manager, placed.orderId);
    if (!order || order.status !== 'placed') return; // already confirmed, or cancelled meanwhile
    const lines = await tx.manager.find(OrderLineEntity, { where: { orderId: order.id }, order: { position: 'ASC' } });
    const unmakeable = lines.filter((line) => line.routing.length === 0);
    if (unmakeable.length > 0) {
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
      return;
    }
    const confirmed = await changeOrder(
      tx.manager,
      order,
      { status: 'confirmed' },
      { type: 'confirmed', message: 'Order confirmed; production is being planned' },
    );
    await tx.publish(OrderEvents.confirmed, {
      aggregateId: order.id,
      aggregateVersion: confirmed.version,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        dueDate: order.requestedDate?.toISOString() ?? null,
        lines: lines.map((line) => confirmedLine(line, order.currency)),
      },
    });
  }

  /** The compensation: allowed until a supplier starts; scheduling and suppliers undo their steps on `order.cancelled`. */
  async cancel(command: { customerId: string; orderId: string; reason?: string }, correlationId: string): Promise<OrderView> {
    return this.unitOfWork.run({ correlationId }, async (tx) => {
      const order = await lockOrder(tx.manager, command.orderId);
      if (!order || order.customerId !== command.customerId) throw AppError.notFound(`Order ${command.orderId}`);
      // Our status may lag a supplier's start by an event: the jobs are the truth about production.
      if (isCancellable(order.status) && (await this.production.productionStarted(tx.manager, order.id))) {
        throw new AppError('INVALID_TRANSITION', 'Production has started: the order can no longer be cancelled', {
          from: order.status,
          to: 'cancelled',
        });
      }
      const reason = command.reason ?? null;
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
      return orderView(tx.manager, cancelled);
    });
  }
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
