import { Injectable, Logger } from '@nestjs/common';
import {
  AppError,
  OrderEvents,
  type OrderView,
  type PlaceOrderBody,
  type PricedLine,
  type QuoteLineRequest,
  type Money,
  type EventDataOf,
} from '@atelier/contracts';
import { bindOrderToLogContext, UnitOfWork, type Transaction } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { findIdempotencyKey, isKeyAlreadyClaimed } from '../idempotency/idempotency-keys';
import { requestHash } from '@atelier/contracts';
import { LinePricing } from '../quotes/line-pricing';
import type { QuoteEntity } from '../quotes/quote.entity';
import { QuoteService } from '../quotes/quote.service';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';
import { insertPlacedOrder } from './order-store';
import { orderView, placedOrderView } from './order-view';
import { PlacementPromising, type PlacementPromise } from './placement-promise';
import { ProductionService } from '../production/production.service';

export interface PlaceOrderCommand {
  customerId: string;
  idempotencyKey: string;
  order: PlaceOrderBody;
}

export interface PlaceOrderResult {
  created: boolean;
  order: OrderView;
}

/**
 * Step 1 of the order saga: accept an order exactly once per idempotency key, priced by the
 * configurator against the pinned model versions. Nothing is stored when pricing fails.
 */
@Injectable()
export class OrderPlacementService {
  private readonly logger = new Logger(OrderPlacementService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly pricing: LinePricing,
    private readonly quotes: QuoteService,
    private readonly promising: PlacementPromising,
    private readonly production: ProductionService,
  ) {}

  async place(command: PlaceOrderCommand, correlationId: string): Promise<PlaceOrderResult> {
    const started = performance.now();
    const hash = requestHash(command.order);
    // Its id is chosen first, so that pricing and promising (the configurator's and scheduling's
    // log lines) are logged under it too; a concurrent duplicate that wins leaves it unused.
    const orderId = randomUUID();
    // Whether the key was used before is asked while the order is priced and promised (a repeat is
    // rare; a new order should not wait for one more round trip). A repeat answers what the key
    // created, whatever pricing says now (its quote may have expired since).
    const pricing = this.priceAndPromise(command, orderId, correlationId);
    pricing.catch(() => {});
    const earlier = await this.earlierOrder(command, hash);
    if (earlier) return earlier;
    const looked = performance.now();
    const { priced, promise, pricedAt } = await pricing;
    const promisedAt = performance.now();
    try {
      const result = await this.unitOfWork.runInOneStatement({ correlationId }, (tx) =>
        this.store(tx, orderId, command, hash, priced, promise),
      );
      this.production.placed(
        result.order.id,
        result.order.lines.map((line) => line.lineId),
      );
      const ms = (from: number, to: number) => Math.round(to - from);
      this.logger.debug(
        `Placed in ${ms(started, performance.now())} ms: key lookup ${ms(started, looked)}, pricing ${ms(started, pricedAt)}, promise ${ms(pricedAt, promisedAt)}, store ${ms(promisedAt, performance.now())} (the lookup runs beside pricing)`,
      );
      return result;
    } catch (error) {
      if (!isKeyAlreadyClaimed(error)) throw error;
      // A concurrent duplicate won the race: answer with its order.
      const winner = await this.earlierOrder(command, hash);
      if (!winner) throw error;
      bindOrderToLogContext(winner.order.id);
      return winner;
    }
  }

  /** Pricing against the pinned versions, then a promise for the priced lines. */
  private async priceAndPromise(command: PlaceOrderCommand, orderId: string, correlationId: string) {
    bindOrderToLogContext(orderId);
    const quote = command.order.quoteId ? await this.quotes.usableQuote(command.customerId, command.order.quoteId) : null;
    const priced = await this.pricing.price(pinnedLines(command.order.lines, quote), correlationId);
    const pricedAt = performance.now();
    // Asked before the transaction: no row is held while scheduling thinks (at most a few seconds).
    const promise = await this.promising.promiseFor(priced.lines, quote, command.order.requestedDate, correlationId);
    return { priced, promise, pricedAt };
  }

  /** The order this key already created, if any; the same key with another body is refused. */
  private async earlierOrder(command: PlaceOrderCommand, hash: string): Promise<PlaceOrderResult | null> {
    const manager = this.dataSource.manager;
    const claimed = await findIdempotencyKey(manager, command.customerId, command.idempotencyKey);
    if (!claimed) return null;
    if (claimed.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different order body', {
        orderId: claimed.orderId,
      });
    }
    bindOrderToLogContext(claimed.orderId);
    const order = await manager.findOneByOrFail(OrderEntity, { id: claimed.orderId });
    return { created: false, order: await orderView(manager, order) };
  }

  private async store(
    tx: Transaction,
    orderId: string,
    command: PlaceOrderCommand,
    hash: string,
    priced: { lines: PricedLine[]; total: Money },
    promise: PlacementPromise,
  ): Promise<PlaceOrderResult> {
    const { order: body, customerId } = command;
    const now = new Date();
    const order = tx.manager.create(OrderEntity, {
      id: orderId,
      customerId,
      status: 'placed',
      statusReason: null,
      totalAmount: priced.total.amount,
      currency: priced.total.currency,
      requestedDate: body.requestedDate ? new Date(body.requestedDate) : null,
      promisedDate: promise.promisedDate,
      shippingAddress: body.shippingAddress,
      quoteId: body.quoteId ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const lines = priced.lines.map((line, position) => toLineEntity(order.id, position, line));
    const summary = `Order placed: ${lines.length} line(s), total ${priced.total.amount} ${priced.total.currency}`;
    const placed = { type: 'placed', message: `${summary}. ${promise.note}` };
    await tx.publish(OrderEvents.placed, {
      aggregateId: order.id,
      aggregateVersion: order.version,
      data: placedData(order, lines),
    });
    // The key's claim, the order, its lines, its first timeline entry and its event in one statement.
    await insertPlacedOrder(tx.manager, {
      order,
      lines,
      note: placed,
      claim: { key: command.idempotencyKey, requestHash: hash },
      outbox: tx.takeOutboxRows(),
    });
    return { created: true, order: placedOrderView(order, lines, [{ ...placed, at: now }]) };
  }
}

/**
 * A line that names no version takes the one its quote was priced against (same position, same
 * product), so the order is what the customer was quoted; otherwise the latest. Prices are
 * computed again either way.
 */
export function pinnedLines(lines: QuoteLineRequest[], quote: Pick<QuoteEntity, 'lines'> | null): QuoteLineRequest[] {
  return lines.map((line, index) => {
    const quoted = quote?.lines[index];
    if (line.version !== undefined || !quoted || quoted.productId !== line.productId) return line;
    return { ...line, version: quoted.version };
  });
}

function placedData(order: OrderEntity, lines: OrderLineEntity[]): EventDataOf<typeof OrderEvents.placed> {
  return {
    orderId: order.id,
    customerId: order.customerId,
    lines: lines.map((line) => ({
      lineId: line.id,
      productId: line.productId,
      version: line.version,
      selections: line.selections,
      quantity: line.quantity,
      lineTotal: { amount: line.lineTotal, currency: order.currency },
    })),
    total: { amount: order.totalAmount, currency: order.currency },
    requestedDate: order.requestedDate?.toISOString() ?? null,
  };
}

function toLineEntity(orderId: string, position: number, line: PricedLine): OrderLineEntity {
  return Object.assign(new OrderLineEntity(), {
    id: randomUUID(),
    orderId,
    position,
    productId: line.productId,
    version: line.version,
    selections: line.selections,
    quantity: line.quantity,
    unitPrice: line.unitPrice.amount,
    lineTotal: line.lineTotal.amount,
    routing: line.routing,
    bom: line.bom,
  });
}
