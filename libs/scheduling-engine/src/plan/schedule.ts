import type { Network } from '../network/network';
import { NetworkIndex } from '../network/network-index';
import { CapacityPlan } from './capacity-plan';
import { changeNetwork, delayOperation } from './disruptions';
import { replanAll, type FullReplanResult } from './full-replan';
import { improvePlan, type ImproveOptions, type ImproveResult } from './improvement';
import { evaluateObjective, type Objective, type OrderTerms } from './objective';
import type { InsertResult, OrderToPlan, PlannedOperation } from './operation';
import { placeOrder, type FixedPlace, type PlacementOptions } from './order-placement';
import { exclusionsFor, type PlanState } from './plan-state';
import { planOrderWithRefusals, type PlanOrderOptions, type PlanOrderResult } from './refusals';
import { replan, type ReplanOptions, type ReplanResult } from './replanning';

const QUOTE_PREFIX = '\u0000quote\u0000';

/** The current plan: every booked operation on its factory and work centre. */
export class Schedule {
  private readonly state: PlanState;

  /** `orders` gives the due dates and weights of already booked work, for the objective. */
  constructor(network: Network, booked: PlannedOperation[] = [], orders: OrderTerms[] = []) {
    this.state = {
      index: new NetworkIndex(network),
      plan: new CapacityPlan(booked.map((operation) => ({ ...operation }))),
      terms: new Map(orders.map((terms) => [terms.orderId, { ...terms }])),
      exclusions: new Map(),
    };
  }

  get network(): Network {
    return this.state.index.network;
  }

  /**
   * Plans an order, or what of it is open, under the refusal policy (refusals.ts): factories that
   * refused an operation are avoided when it can go elsewhere, and never offered it again after
   * MAX_REFUSALS_PER_FACTORY refusals. Operations in `keepPlace` stay on their factory and work centre
   * when the order fits so (`released` otherwise). Each operation where it finishes earliest; all or nothing.
   */
  planOrder(order: OrderToPlan, options: PlanOrderOptions): PlanOrderResult {
    this.assertNotPlanned(order);
    return planOrderWithRefusals(this.state, order, options);
  }

  /**
   * Books the order where each operation finishes earliest; all or nothing. Operations in
   * `keepPlace` may move in time but stay on the given factory and work centre (work already
   * offered there, which its supplier may be accepting right now). `exclude` is a hard constraint,
   * remembered; refusals go through planOrder.
   */
  insertOrder(order: OrderToPlan, options: PlacementOptions & { keepPlace?: ReadonlyMap<string, FixedPlace> }): InsertResult {
    this.assertNotPlanned(order);
    for (const [operationId, factoryIds] of Object.entries(options.exclude ?? {})) {
      this.state.exclusions.set(operationId, new Set([...(this.state.exclusions.get(operationId) ?? []), ...factoryIds]));
    }
    const exclude = exclusionsFor(
      this.state,
      order.lines.flatMap((line) => line.operations.map((o) => o.operationId)),
    );
    const result = placeOrder(this.state.index, this.state.plan, order, { ...options, exclude });
    if (result.ok) this.state.terms.set(order.orderId, { orderId: order.orderId, dueDate: order.dueDate, weight: order.weight });
    return result;
  }

  /** Capable-to-promise: where and when the order would be made now. Changes nothing. */
  quote(order: OrderToPlan, options: { now: number; horizonDays?: number }): InsertResult {
    // Hypothetical ids may collide with planned ones, so the quote is planned under private ids.
    const hypothetical: OrderToPlan = {
      ...order,
      orderId: QUOTE_PREFIX + order.orderId,
      lines: order.lines.map((line) => ({
        ...line,
        operations: line.operations.map((o) => ({
          ...o,
          orderId: QUOTE_PREFIX + o.orderId,
          operationId: QUOTE_PREFIX + o.operationId,
        })),
      })),
    };
    const result = placeOrder(this.state.index, this.state.plan, hypothetical, options);
    // A refusal names the operation as the caller knows it (the private prefix holds control
    // characters, which no caller should store or show).
    if (!result.ok) return { ...result, reason: result.reason.split(QUOTE_PREFIX).join('') };
    result.operations.forEach((operation) => this.state.plan.remove(operation.operationId));
    const operations = result.operations.map((o) => ({
      ...o,
      orderId: o.orderId.slice(QUOTE_PREFIX.length),
      operationId: o.operationId.slice(QUOTE_PREFIX.length),
    }));
    return { ...result, operations };
  }

  /** The operation keeps its place under another id (e.g. work released from an offer becomes a new job). */
  renameOperation(from: string, to: string): void {
    const operation = this.state.plan.get(from);
    if (!operation) throw new RangeError(`Operation "${from}" is not planned`);
    if (this.state.plan.has(to)) throw new RangeError(`Operation "${to}" is already planned`);
    this.state.plan.remove(from);
    this.state.plan.add({ ...operation, operationId: to });
    const excluded = this.state.exclusions.get(from);
    this.state.exclusions.delete(from);
    if (excluded) this.state.exclusions.set(to, excluded);
  }

  /** Releases the capacity of these operations (cancelled, or about to be re-planned). Unknown ids are ignored. */
  remove(operationIds: string[]): void {
    for (const operationId of operationIds) this.state.plan.remove(operationId);
  }

  setFirm(operationId: string, firm: boolean): void {
    const operation = this.state.plan.get(operationId);
    if (!operation) throw new RangeError(`Operation "${operationId}" is not planned`);
    this.state.plan.update({ ...operation, firm });
  }

  setOrderTerms(terms: OrderTerms): void {
    this.state.terms.set(terms.orderId, { ...terms });
  }

  /**
   * The order is finished: its operations (all done) leave the plan and its terms the objective.
   * Finished work is history, not capacity: a plan that kept it would grow with every order ever made.
   */
  finishOrder(orderId: string, operationIds: string[]): void {
    this.remove(operationIds);
    this.state.terms.delete(orderId);
  }

  /** Takes a new network; booked operations stay where they are (see changeNetwork to re-plan). */
  replaceNetwork(network: Network): void {
    this.state.index = new NetworkIndex(network, this.state.index);
  }

  /** Takes a new network and re-plans only the work that no longer fits it. */
  changeNetwork(network: Network, options: ReplanOptions): ReplanResult {
    return changeNetwork(this.state, network, options);
  }

  /** Re-plans these operations and the rest of their lines, e.g. after a quality scrap. */
  replan(operationIds: string[], options: ReplanOptions): ReplanResult {
    const operations = operationIds.map((id) => this.state.plan.get(id)).filter((o): o is PlannedOperation => !!o);
    return replan(this.state, operations, options);
  }

  /** The operation will end at `newEnd`: what now collides with it is re-planned. */
  delay(operationId: string, newEnd: number, options: ReplanOptions): ReplanResult {
    return delayOperation(this.state, operationId, newEnd, options);
  }

  /** Local search over movable work; keeps only changes that improve the objective. */
  improve(options: ImproveOptions): ImproveResult {
    return improvePlan(this.state, options);
  }

  /** Plans all movable work again, most urgent first; kept only if the objective improves. */
  replanAll(options: { now: number; horizonDays?: number }): FullReplanResult {
    return replanAll(this.state, options);
  }

  objective(): Objective {
    return evaluateObjective(this.state.plan.operations(), this.state.terms.values());
  }

  /** How much the plan holds: booked operations (one job each) and the orders they belong to. */
  size(): { operations: number; orders: number } {
    return { operations: this.state.plan.size, orders: this.state.plan.orderCount };
  }

  operation(operationId: string): PlannedOperation | undefined {
    const operation = this.state.plan.get(operationId);
    return operation && { ...operation };
  }

  private assertNotPlanned(order: OrderToPlan): void {
    for (const line of order.lines) {
      for (const operation of line.operations) {
        if (this.state.plan.has(operation.operationId)) {
          throw new RangeError(`Operation "${operation.operationId}" is already planned; remove it first`);
        }
      }
    }
  }

  operations(): PlannedOperation[] {
    return this.state.plan
      .operations()
      .map((operation) => ({ ...operation }))
      .sort((a, b) => a.start - b.start || a.operationId.localeCompare(b.operationId));
  }
}
