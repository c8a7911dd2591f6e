import type { Network } from '../network/network';
import { NetworkIndex } from '../network/network-index';
import { CapacityPlan } from './capacity-plan';
import type { InsertResult, OrderToPlan, PlannedOperation } from './operation';
import { placeOrder, type PlacementOptions } from './order-placement';

/** The current plan: every booked operation on its factory and work centre. */
export class Schedule {
  private index: NetworkIndex;
  private plan: CapacityPlan;

  constructor(network: Network, booked: PlannedOperation[] = []) {
    this.index = new NetworkIndex(network);
    this.plan = new CapacityPlan(booked.map((operation) => ({ ...operation })));
  }

  get network(): Network {
    return this.index.network;
  }

  /** Books the order where each operation finishes earliest; all or nothing. */
  insertOrder(order: OrderToPlan, options: PlacementOptions): InsertResult {
    for (const line of order.lines) {
      for (const operation of line.operations) {
        if (this.plan.has(operation.operationId)) {
          throw new RangeError(`Operation "${operation.operationId}" is already planned; remove it first`);
        }
      }
    }
    return placeOrder(this.index, this.plan, order, options);
  }

  /** Capable-to-promise: where and when the order would be made now. Changes nothing. */
  quote(order: OrderToPlan, options: { now: number; horizonDays?: number }): InsertResult {
    // Hypothetical ids may collide with planned ones, so the quote is planned on a private copy of the ids.
    const prefix = '\u0000quote\u0000';
    const hypothetical: OrderToPlan = {
      ...order,
      orderId: prefix + order.orderId,
      lines: order.lines.map((line) => ({
        ...line,
        operations: line.operations.map((o) => ({ ...o, orderId: prefix + o.orderId, operationId: prefix + o.operationId })),
      })),
    };
    const result = placeOrder(this.index, this.plan, hypothetical, options);
    if (!result.ok) return result;
    result.operations.forEach((operation) => this.plan.remove(operation.operationId));
    const operations = result.operations.map((o) => ({
      ...o,
      orderId: o.orderId.slice(prefix.length),
      operationId: o.operationId.slice(prefix.length),
    }));
    return { ...result, operations };
  }

  /** Releases the capacity of these operations (cancelled, or about to be re-planned). Unknown ids are ignored. */
  remove(operationIds: string[]): void {
    for (const operationId of operationIds) this.plan.remove(operationId);
  }

  setFirm(operationId: string, firm: boolean): void {
    const operation = this.plan.get(operationId);
    if (!operation) throw new RangeError(`Operation "${operationId}" is not planned`);
    this.plan.update({ ...operation, firm });
  }

  /** Takes a new network (e.g. a calendar changed); booked operations stay where they are. */
  replaceNetwork(network: Network): void {
    this.index = new NetworkIndex(network);
  }

  operation(operationId: string): PlannedOperation | undefined {
    const operation = this.plan.get(operationId);
    return operation && { ...operation };
  }

  operations(): PlannedOperation[] {
    return this.plan
      .operations()
      .map((operation) => ({ ...operation }))
      .sort((a, b) => a.start - b.start || a.operationId.localeCompare(b.operationId));
  }
}
