import type { NetworkIndex } from '../network/network-index';
import type { CapacityPlan } from './capacity-plan';
import type { OrderTerms } from './objective';
import type { OrderToPlan, PlannedOperation } from './operation';

/** What a schedule knows: the network, the bookings, the orders' terms, the factories refused per operation. */
export interface PlanState {
  index: NetworkIndex;
  plan: CapacityPlan;
  terms: Map<string, OrderTerms>;
  exclusions: Map<string, Set<string>>;
}

/** Not firm and not started: the engine may move it. */
export function isMovable(operation: PlannedOperation, now: number): boolean {
  return !operation.firm && operation.start >= now;
}

/** The operation and the rest of its line after it, as long as they may be moved. */
export function movableSuffix(plan: CapacityPlan, operation: PlannedOperation, now: number): PlannedOperation[] {
  const line = plan.lineOperations(operation.orderId, operation.lineId);
  const suffix: PlannedOperation[] = [];
  for (const candidate of line) {
    if (candidate.sequence < operation.sequence) continue;
    if (!isMovable(candidate, now)) break;
    suffix.push(candidate);
  }
  return suffix;
}

/** Operations regrouped as an order to plan, lines in routing order. */
export function asOrder(orderId: string, operations: PlannedOperation[]): OrderToPlan {
  const lines = new Map<string, PlannedOperation[]>();
  for (const operation of operations) lines.set(operation.lineId, [...(lines.get(operation.lineId) ?? []), operation]);
  return {
    orderId,
    lines: [...lines].map(([lineId, list]) => ({
      lineId,
      operations: list
        .sort((a, b) => a.sequence - b.sequence)
        .map(({ operationId, lineId: line, sequence, capability, durationMinutes }) => ({
          operationId,
          orderId,
          lineId: line,
          sequence,
          capability,
          durationMinutes,
        })),
    })),
  };
}

export function exclusionsFor(state: PlanState, operationIds: Iterable<string>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const id of operationIds) {
    const excluded = state.exclusions.get(id);
    if (excluded) result[id] = [...excluded];
  }
  return result;
}

/** Earliest due date first, heavier first on a tie; orders without a due date last. */
export function byUrgency(state: PlanState): (a: string, b: string) => number {
  const due = (orderId: string): number => state.terms.get(orderId)?.dueDate ?? Number.POSITIVE_INFINITY;
  const weight = (orderId: string): number => state.terms.get(orderId)?.weight ?? 1;
  return (a, b) => due(a) - due(b) || weight(b) - weight(a) || a.localeCompare(b);
}
