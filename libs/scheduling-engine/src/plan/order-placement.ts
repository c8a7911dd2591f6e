import type { NetworkIndex } from '../network/network-index';
import { processingMs } from '../network/transfer-time';
import type { CapacityPlan } from './capacity-plan';
import type { Slot } from './work-centre-timeline';
import type { InsertResult, OperationToPlan, OrderToPlan, PlannedOperation } from './operation';

const DAY = 86_400_000;
export const DEFAULT_HORIZON_DAYS = 365;

export interface PlacementOptions {
  now: number;
  horizonDays?: number;
  /** Factories an operation may not go to (it was rejected there, or the offer expired). */
  exclude?: Record<string, string[]>;
}

/** Placement options used inside the engine. */
export interface OrderPlacementOptions extends PlacementOptions {
  /** Operations that may move in time but must stay on this factory and work centre. */
  keepPlace?: ReadonlyMap<string, FixedPlace>;
}

/** A factory and work centre an operation may not leave. */
export interface FixedPlace {
  factoryId: string;
  workCentre: number;
}

/**
 * Where an operation would finish earliest, given when its predecessor is done and where.
 * Ties go to the shorter occupation of a work centre (a later start), then to no transfer.
 */
export function bestPlacement(
  index: NetworkIndex,
  plan: CapacityPlan,
  operation: OperationToPlan,
  predecessor: { end: number; factoryId: string } | undefined,
  notBefore: number,
  horizonEnd: number,
  excluded: readonly string[] = [],
  fixed?: FixedPlace,
): PlannedOperation | 'NO_CAPABLE_FACTORY' | 'NO_CAPACITY_IN_HORIZON' {
  // The best so far as plain values: the operation is built once, for the winner.
  let anyCapable = false;
  let best: Slot | undefined;
  let bestFactoryId = '';
  let bestWorkCentre = 0;
  let bestTransfer = 0;
  for (const { factory, capacity, workingTime } of index.capableFactories(operation.capability)) {
    if (excluded.includes(factory.id) || (fixed && factory.id !== fixed.factoryId)) continue;
    anyCapable = true;
    const transfer = predecessor ? index.transferMs(predecessor.factoryId, factory.id) : 0;
    const ready = Math.max(notBefore, predecessor ? predecessor.end + transfer : notBefore);
    const workMs = processingMs(operation.durationMinutes, capacity.speedFactor);
    // Working time can only stretch an operation: this factory cannot beat the best so far.
    if (best && ready + workMs > best.end) continue;
    for (let workCentre = 0; workCentre < capacity.workCentres; workCentre++) {
      if (fixed && workCentre !== fixed.workCentre) continue;
      const timeline = plan.timeline(factory.id, operation.capability, workCentre);
      const slot = timeline.earliestSlot(ready, workMs, workingTime, horizonEnd);
      if (!slot || slot.end > horizonEnd) continue;
      const better =
        !best ||
        slot.end < best.end ||
        (slot.end === best.end && (slot.start > best.start || (slot.start === best.start && transfer < bestTransfer)));
      if (better) {
        best = slot;
        bestFactoryId = factory.id;
        bestWorkCentre = workCentre;
        bestTransfer = transfer;
      }
    }
  }
  if (!anyCapable) return 'NO_CAPABLE_FACTORY';
  if (!best) return 'NO_CAPACITY_IN_HORIZON';
  return { ...operation, factoryId: bestFactoryId, workCentre: bestWorkCentre, start: best.start, end: best.end, firm: false };
}

/** The operation planned just before `sequence` in the same line, if any. */
function plannedPredecessor(plan: CapacityPlan, operation: OperationToPlan): PlannedOperation | undefined {
  const earlier = plan.lineOperations(operation.orderId, operation.lineId).filter((o) => o.sequence < operation.sequence);
  return earlier[earlier.length - 1];
}

/**
 * Books every operation of the order, line by line in routing order, each where it finishes
 * earliest. All or nothing: on failure nothing stays booked.
 */
export function placeOrder(
  index: NetworkIndex,
  plan: CapacityPlan,
  order: OrderToPlan,
  options: OrderPlacementOptions,
): InsertResult {
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const horizonEnd = options.now + horizonDays * DAY;
  const placed: PlannedOperation[] = [];
  const undo = (): void => placed.forEach((operation) => plan.remove(operation.operationId));
  for (const line of order.lines) {
    const routing = [...line.operations].sort((a, b) => a.sequence - b.sequence);
    let previous: PlannedOperation | undefined;
    for (const operation of routing) {
      const planned = { ...operation, orderId: order.orderId, lineId: line.lineId };
      const predecessor = previous ?? plannedPredecessor(plan, planned);
      const excluded = options.exclude?.[operation.operationId];
      const fixed = options.keepPlace?.get(operation.operationId);
      const placement = bestPlacement(index, plan, planned, predecessor, options.now, horizonEnd, excluded, fixed);
      if (typeof placement === 'string') {
        undo();
        const reason =
          placement === 'NO_CAPABLE_FACTORY'
            ? `No factory can do "${operation.capability}" for operation ${operation.operationId}`
            : `No capacity for operation ${operation.operationId} ("${operation.capability}") within ${horizonDays} days`;
        return { ok: false, code: placement, reason };
      }
      plan.add(placement);
      placed.push(placement);
      previous = placement;
    }
  }
  const completion = placed.reduce((latest, operation) => Math.max(latest, operation.end), options.now);
  return { ok: true, operations: placed, completion };
}
