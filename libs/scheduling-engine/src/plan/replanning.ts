import { placeOrder, type FixedPlace } from './order-placement';
import type { PlanFailureCode, PlannedOperation } from './operation';
import { asOrder, byUrgency, exclusionsFor, isMovable, movableSuffix, type PlanState } from './plan-state';

export interface ReplanOptions {
  now: number;
  horizonDays?: number;
  /**
   * Operations that should stay on their factory and work centre, moving only in time (work offered
   * there, which its supplier may be accepting right now). When an order cannot be placed so, it is
   * placed freely rather than left unplanned.
   */
  keepPlace?: ReadonlyMap<string, FixedPlace>;
}

export interface PromiseChange {
  orderId: string;
  before: number | undefined;
  /** Undefined when the order could not be planned again (it goes on hold). */
  after: number | undefined;
}

export interface ReplanResult {
  /** The new place of every re-planned operation that changed place. */
  moved: PlannedOperation[];
  /** Orders whose affected operations found no place again: they are no longer planned. */
  unplanned: Array<{ orderId: string; operationIds: string[]; code: PlanFailureCode; reason: string }>;
  /** Firm or started work that no longer fits and that the engine will not move. */
  conflicts: string[];
  /** Orders whose completion moved. */
  promises: PromiseChange[];
}

const samePlace = (a: PlannedOperation, b: PlannedOperation): boolean =>
  a.factoryId === b.factoryId && a.workCentre === b.workCentre && a.start === b.start && a.end === b.end;

/**
 * Takes the affected operations and everything after them in their lines off the plan and
 * plans them again, most urgent order first; everything else stays where it is.
 */
export function replan(
  state: PlanState,
  affected: Iterable<PlannedOperation>,
  options: ReplanOptions,
  conflicts: string[] = [],
): ReplanResult {
  const { plan } = state;
  const toReplan = new Map<string, PlannedOperation>();
  for (const operation of affected) {
    const current = plan.get(operation.operationId);
    if (!current) continue;
    if (!isMovable(current, options.now)) {
      conflicts.push(`${current.operationId} is ${current.firm ? 'firm' : 'started'} and is not moved`);
      continue;
    }
    for (const next of movableSuffix(plan, current, options.now)) toReplan.set(next.operationId, next);
  }
  const byOrder = new Map<string, PlannedOperation[]>();
  for (const operation of toReplan.values())
    byOrder.set(operation.orderId, [...(byOrder.get(operation.orderId) ?? []), operation]);
  const completionBefore = new Map([...byOrder.keys()].map((orderId) => [orderId, plan.completion(orderId)]));
  toReplan.forEach((_, operationId) => plan.remove(operationId));

  const result: ReplanResult = { moved: [], unplanned: [], conflicts, promises: [] };
  for (const orderId of [...byOrder.keys()].sort(byUrgency(state))) {
    const operations = byOrder.get(orderId)!;
    const exclude = exclusionsFor(
      state,
      operations.map((o) => o.operationId),
    );
    let placed = placeOrder(state.index, plan, asOrder(orderId, operations), { ...options, exclude });
    if (!placed.ok && options.keepPlace && operations.some((o) => options.keepPlace!.has(o.operationId))) {
      placed = placeOrder(state.index, plan, asOrder(orderId, operations), { ...options, keepPlace: undefined, exclude });
    }
    if (!placed.ok) {
      result.unplanned.push({
        orderId,
        operationIds: operations.map((o) => o.operationId),
        code: placed.code,
        reason: placed.reason,
      });
      continue;
    }
    for (const operation of placed.operations) {
      if (!samePlace(operation, toReplan.get(operation.operationId)!)) result.moved.push(operation);
    }
  }
  reportBlockedSuccessors(state, result.moved, conflicts);
  for (const [orderId, before] of completionBefore) {
    const unplanned = result.unplanned.some((u) => u.orderId === orderId);
    const after = unplanned ? undefined : plan.completion(orderId);
    if (after !== before) result.promises.push({ orderId, before, after });
  }
  return result;
}

/** A re-planned operation may now end after a firm successor starts: the engine says so rather than move it. */
function reportBlockedSuccessors(state: PlanState, moved: PlannedOperation[], conflicts: string[]): void {
  for (const operation of moved) {
    const line = state.plan.lineOperations(operation.orderId, operation.lineId);
    const next = line.find((o) => o.sequence > operation.sequence);
    if (!next || next.operationId === undefined || moved.includes(next)) continue;
    const ready = operation.end + state.index.transferMs(operation.factoryId, next.factoryId);
    if (next.start < ready)
      conflicts.push(`${next.operationId} starts before ${operation.operationId} can be done and transferred`);
  }
}
