import { compareObjectives, evaluateObjective, type Objective } from './objective';
import { placeOrder } from './order-placement';
import type { PlannedOperation } from './operation';
import { asOrder, byUrgency, exclusionsFor, isMovable, type PlanState } from './plan-state';

export interface FullReplanResult {
  before: Objective;
  after: Objective;
  /** False when the new plan was not better and the old one was kept. */
  kept: boolean;
  /** The new place of every operation that moved (empty when not kept). */
  moved: PlannedOperation[];
}

/**
 * Plans all movable work (not firm, not started) again from scratch, most urgent order first,
 * and keeps the new plan only if the objective improves. Firm and started work stays; an order
 * that no longer fits makes the attempt fail, and the old plan is restored.
 */
export function replanAll(state: PlanState, options: { now: number; horizonDays?: number }): FullReplanResult {
  const { plan } = state;
  const before = evaluateObjective(plan.operations(), state.terms.values());
  const movable = plan.operations().filter((o) => isMovable(o, options.now));
  const byOrder = new Map<string, PlannedOperation[]>();
  for (const operation of movable) byOrder.set(operation.orderId, [...(byOrder.get(operation.orderId) ?? []), operation]);
  movable.forEach((o) => plan.remove(o.operationId));
  const placed: PlannedOperation[] = [];
  let complete = true;
  for (const orderId of [...byOrder.keys()].sort(byUrgency(state))) {
    const operations = byOrder.get(orderId)!;
    const exclude = exclusionsFor(
      state,
      operations.map((o) => o.operationId),
    );
    const result = placeOrder(state.index, plan, asOrder(orderId, operations), { ...options, exclude });
    if (!result.ok) {
      complete = false;
      break;
    }
    placed.push(...result.operations);
  }
  const after = complete ? evaluateObjective(plan.operations(), state.terms.values()) : before;
  if (complete && compareObjectives(after, before) < 0) {
    const was = new Map(movable.map((o) => [o.operationId, o]));
    const moved = placed.filter((o) => {
      const old = was.get(o.operationId)!;
      return old.start !== o.start || old.factoryId !== o.factoryId || old.workCentre !== o.workCentre;
    });
    return { before, after, kept: true, moved };
  }
  placed.forEach((o) => plan.remove(o.operationId));
  movable.forEach((o) => plan.add(o));
  return { before, after: before, kept: false, moved: [] };
}
