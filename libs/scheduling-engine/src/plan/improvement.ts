import { Random } from '../random';
import { compareObjectives, type Objective } from './objective';
import { placeOrder, type FixedPlace } from './order-placement';
import type { PlannedOperation } from './operation';
import { asOrder, byUrgency, exclusionsFor, isMovable, type PlanState } from './plan-state';

export interface ImproveOptions {
  now: number;
  /** Wall-clock budget; 200 ms when absent. */
  timeLimitMs?: number;
  maxRounds?: number;
  seed?: number;
  horizonDays?: number;
  /**
   * Operations that may move in time but keep their factory and work centre (e.g. offered to a
   * supplier who may be accepting them right now). Firm operations never move at all.
   */
  pinned?: ReadonlySet<string> | readonly string[];
}

export interface ImproveResult {
  before: Objective;
  after: Objective;
  rounds: number;
  accepted: number;
  /** The new place of every operation the pass moved. */
  moved: PlannedOperation[];
}

/** The order's lateness, weighted, in minutes. */
function lateness(state: PlanState, orderId: string): number {
  const terms = state.terms.get(orderId);
  const completion = state.plan.completion(orderId);
  if (terms?.dueDate === undefined || completion === undefined || completion <= terms.dueDate) return 0;
  return ((terms.weight ?? 1) * (completion - terms.dueDate)) / 60_000;
}

function transfersOf(operations: PlannedOperation[]): number {
  const sorted = [...operations].sort((a, b) => a.lineId.localeCompare(b.lineId) || a.sequence - b.sequence);
  let transfers = 0;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].lineId === sorted[i - 1].lineId && sorted[i].factoryId !== sorted[i - 1].factoryId) transfers++;
  }
  return transfers;
}

/** The objective restricted to some orders, with the (global) makespan given. */
function partialObjective(state: PlanState, orderIds: string[], makespan: number): Objective {
  let weightedLatenessMinutes = 0;
  let lateOrders = 0;
  let transfers = 0;
  for (const orderId of orderIds) {
    const late = lateness(state, orderId);
    weightedLatenessMinutes += late;
    if (late > 0) lateOrders++;
    transfers += transfersOf(state.plan.orderOperations(orderId));
  }
  return { weightedLatenessMinutes, makespan, transfers, lateOrders };
}

/** Orders sharing a work centre with the target just before its operations: the ones in its way. */
function blockers(state: PlanState, target: string, now: number, random: Random): string[] {
  const found = new Set<string>();
  for (const operation of state.plan.orderOperations(target)) {
    if (!isMovable(operation, now)) continue;
    const bookings = state.plan.timeline(operation.factoryId, operation.capability, operation.workCentre).all();
    const at = bookings.findIndex((b) => b.operationId === operation.operationId);
    for (let i = Math.max(0, at - 2); i < at; i++) {
      const other = state.plan.get(bookings[i].operationId);
      if (other && other.orderId !== target && isMovable(other, now)) found.add(other.orderId);
    }
  }
  const list = [...found];
  for (let i = list.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list.slice(0, 1 + random.below(3));
}

/** Mostly a late order; with none late, often one that ends the plan (the makespan is next in line). */
function pickTarget(state: PlanState, candidates: string[], late: string[], makespan: number, random: Random): string {
  if (late.length > 0 && random.next() < 0.8) return late[random.below(late.length)];
  if (late.length === 0 && random.next() < 0.5) {
    const last = candidates.filter((id) => state.plan.completion(id) === makespan);
    if (last.length > 0) return last[random.below(last.length)];
  }
  return candidates[random.below(candidates.length)];
}

/**
 * Ruin and recreate, never touching firm or started work: take a (preferably late) order and
 * the orders in its way off the plan, put them back in another order of urgency, and keep the
 * result only if the objective improves. Every step books through the same finite-capacity
 * placement, so capacity is never exceeded. Pinned operations are booked again only on the
 * factory and work centre they had when the pass began.
 */
export function improvePlan(state: PlanState, options: ImproveOptions): ImproveResult {
  const random = new Random(options.seed ?? 1);
  const deadline = Date.now() + (options.timeLimitMs ?? 200);
  const maxRounds = options.maxRounds ?? Number.POSITIVE_INFINITY;
  const original = new Map(state.plan.operations().map((o) => [o.operationId, o]));
  const keepPlace = new Map<string, FixedPlace>();
  for (const operationId of options.pinned ?? []) {
    const operation = original.get(operationId);
    if (operation) keepPlace.set(operationId, { factoryId: operation.factoryId, workCentre: operation.workCentre });
  }
  const allOrders = () => state.plan.orderIds();
  let makespan = state.plan.latestEnd();
  const before = partialObjective(state, allOrders(), makespan);
  let rounds = 0;
  let accepted = 0;
  let lateCache: string[] | undefined;
  // Movability does not change during the pass: firm and started work stay, the rest stays movable.
  const candidates = allOrders().filter((id) => state.plan.orderOperations(id).some((o) => isMovable(o, options.now)));
  while (candidates.length >= 2 && rounds < maxRounds && Date.now() < deadline) {
    rounds++;
    const late = rounds % 16 === 1 || !lateCache ? (lateCache = candidates.filter((id) => lateness(state, id) > 0)) : lateCache;
    const target = pickTarget(state, candidates, late, makespan, random);
    const ruined = [target, ...blockers(state, target, options.now, random)];
    if (ruined.length < 2) continue;
    const objectiveBefore = partialObjective(state, ruined, makespan);
    const removed = ruined.flatMap((orderId) => state.plan.orderOperations(orderId).filter((o) => isMovable(o, options.now)));
    removed.forEach((o) => state.plan.remove(o.operationId));
    // The others do not move: unless the removed work held the makespan, it is theirs.
    const othersEnd = removed.some((o) => o.end >= makespan) ? state.plan.latestEnd() : makespan;
    const urgency = byUrgency(state);
    const order = random.next() < 0.5 ? [...ruined].sort(urgency) : [target, ...ruined.slice(1).sort(urgency)];
    const placed: PlannedOperation[] = [];
    let complete = true;
    for (const orderId of order) {
      const operations = removed.filter((o) => o.orderId === orderId);
      const exclude = exclusionsFor(
        state,
        operations.map((o) => o.operationId),
      );
      const result = placeOrder(state.index, state.plan, asOrder(orderId, operations), { ...options, exclude, keepPlace });
      if (!result.ok) {
        complete = false;
        break;
      }
      placed.push(...result.operations);
    }
    const makespanAfter = placed.reduce((latest, o) => Math.max(latest, o.end), othersEnd);
    if (complete && compareObjectives(partialObjective(state, ruined, makespanAfter), objectiveBefore) < 0) {
      accepted++;
      makespan = makespanAfter;
      continue;
    }
    placed.forEach((o) => state.plan.remove(o.operationId));
    removed.forEach((o) => state.plan.add(o));
  }
  const moved = state.plan.operations().filter((o) => {
    const was = original.get(o.operationId);
    return !was || was.start !== o.start || was.factoryId !== o.factoryId || was.workCentre !== o.workCentre;
  });
  return { before, after: partialObjective(state, allOrders(), state.plan.latestEnd()), rounds, accepted, moved };
}
