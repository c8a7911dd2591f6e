import type { PlannedOperation } from './operation';

export interface OrderTerms {
  orderId: string;
  /** Epoch milliseconds. */
  dueDate?: number;
  /** Weight of this order's lateness; 1 when absent. */
  weight?: number;
}

/** Compared in this order: weighted lateness first, then makespan, then transfers. Lower is better. */
export interface Objective {
  /** Sum over orders of weight × minutes finished after the due date. */
  weightedLatenessMinutes: number;
  /** End of the last operation, epoch milliseconds. */
  makespan: number;
  /** Moves of work between factories within a line. */
  transfers: number;
  lateOrders: number;
}

/**
 * Negative when `a` is better than `b`. Weighted lateness is a sum of fractions of minutes whose
 * rounding depends on the order of summation: differences within a relative 1e-9 are a tie.
 */
export function compareObjectives(a: Objective, b: Objective): number {
  const lateness = a.weightedLatenessMinutes - b.weightedLatenessMinutes;
  const tolerance = 1e-9 * Math.max(1, Math.abs(a.weightedLatenessMinutes), Math.abs(b.weightedLatenessMinutes));
  if (Math.abs(lateness) > tolerance) return lateness;
  return a.makespan - b.makespan || a.transfers - b.transfers;
}

/** The objective of a set of planned operations; orders without terms count only for makespan and transfers. */
export function evaluateObjective(operations: PlannedOperation[], orders: Iterable<OrderTerms>): Objective {
  const completion = new Map<string, number>();
  const lines = new Map<string, PlannedOperation[]>();
  let makespan = Number.NEGATIVE_INFINITY;
  for (const operation of operations) {
    completion.set(operation.orderId, Math.max(completion.get(operation.orderId) ?? Number.NEGATIVE_INFINITY, operation.end));
    makespan = Math.max(makespan, operation.end);
    const key = `${operation.orderId}\u0000${operation.lineId}`;
    const line = lines.get(key) ?? [];
    line.push(operation);
    lines.set(key, line);
  }
  let transfers = 0;
  for (const line of lines.values()) {
    line.sort((a, b) => a.sequence - b.sequence);
    for (let i = 1; i < line.length; i++) if (line[i].factoryId !== line[i - 1].factoryId) transfers++;
  }
  let weightedLatenessMinutes = 0;
  let lateOrders = 0;
  for (const order of orders) {
    const finished = completion.get(order.orderId);
    if (finished === undefined || order.dueDate === undefined || finished <= order.dueDate) continue;
    lateOrders++;
    weightedLatenessMinutes += ((order.weight ?? 1) * (finished - order.dueDate)) / 60_000;
  }
  return { weightedLatenessMinutes, makespan: Number.isFinite(makespan) ? makespan : 0, transfers, lateOrders };
}
