import type { Network } from '../network/network';
import { NetworkIndex } from '../network/network-index';
import { processingMs } from '../network/transfer-time';
import type { PlannedOperation } from './operation';
import type { PlanState } from './plan-state';
import { replan, type ReplanOptions, type ReplanResult } from './replanning';

/**
 * An operation will end later (or earlier) than planned: it keeps its start and place, and
 * what now collides with it (work on its work centre, the rest of its line) is planned again.
 */
export function delayOperation(state: PlanState, operationId: string, newEnd: number, options: ReplanOptions): ReplanResult {
  const operation = state.plan.get(operationId);
  if (!operation) return { moved: [], unplanned: [], conflicts: [`${operationId} is not planned`], promises: [] };
  if (newEnd < operation.start) throw new RangeError(`${operationId} cannot end before it starts`);
  const capacity = state.index.capacity(operation.factoryId, operation.capability);
  const workingTime = state.index.workingTime(operation.factoryId);
  const worked = workingTime ? workingTime.workingMsBetween(operation.start, newEnd) : newEnd - operation.start;
  // The remaining work changed: the duration is restated so that the plan stays consistent. An
  // end announced outside working time is read as the end of the last working moment before it.
  const durationMinutes = worked / 60_000 / (capacity?.speedFactor ?? 1);
  const end = workingTime && worked > 0 ? workingTime.addWorkingTime(operation.start, worked) : newEnd;
  const delayed: PlannedOperation = { ...operation, end, durationMinutes };
  const timeline = state.plan.timeline(operation.factoryId, operation.capability, operation.workCentre);
  const colliding = timeline
    .all()
    .filter((booking) => booking.operationId !== operationId && booking.start < end && booking.end > operation.start)
    .map((booking) => state.plan.get(booking.operationId)!);
  const next = state.plan.lineOperations(operation.orderId, operation.lineId).find((o) => o.sequence > operation.sequence);
  const nextTooEarly = next && next.start < end + state.index.transferMs(operation.factoryId, next.factoryId);
  // Booked in its new extent at once; colliding movable work is taken off by the re-plan. Firm
  // work it collides with stays, and is reported: the engine cannot undo a real delay.
  state.plan.remove(operationId);
  state.plan.add(delayed);
  return replan(state, nextTooEarly ? [...colliding, next] : colliding, options);
}

/** Where an operation no longer fits the network: gone factory or capability, or working time changed. */
function misfit(index: NetworkIndex, operation: PlannedOperation): string | undefined {
  const capacity = index.capacity(operation.factoryId, operation.capability);
  if (!capacity || operation.workCentre >= capacity.workCentres) return 'its work centre is gone';
  const workingTime = index.workingTime(operation.factoryId)!;
  const needed = processingMs(operation.durationMinutes, capacity.speedFactor);
  if (needed === 0) return undefined;
  if (workingTime.workingMsBetween(operation.start, operation.end) !== needed) return 'its working time changed';
  if (workingTime.workingMsBetween(operation.start, operation.start + 1) === 0) return 'it would start outside working time';
  return undefined;
}

/**
 * The network changed (a calendar, a capability, transfer times): operations that no longer
 * fit, and those whose predecessor now arrives too late, are planned again.
 */
export function changeNetwork(state: PlanState, network: Network, options: ReplanOptions): ReplanResult {
  const previous = state.index;
  state.index = new NetworkIndex(network, previous);
  const changedFactories = new Set(
    [...previous.network.factories, ...network.factories]
      .filter(
        (f) =>
          JSON.stringify(f) !== JSON.stringify(previous.factory(f.id)) ||
          JSON.stringify(f) !== JSON.stringify(state.index.factory(f.id)),
      )
      .map((f) => f.id),
  );
  const transfersChanged = JSON.stringify(previous.network.transferMinutes) !== JSON.stringify(network.transferMinutes);
  const affected: PlannedOperation[] = [];
  const conflicts: string[] = [];
  const operations = state.plan.operations();
  for (const operation of operations) {
    if (!changedFactories.has(operation.factoryId)) continue;
    const reason = misfit(state.index, operation);
    if (!reason) continue;
    if (operation.firm || operation.start < options.now) conflicts.push(`${operation.operationId} no longer fits (${reason})`);
    else affected.push(operation);
  }
  if (transfersChanged) affected.push(...arrivingTooEarly(state, operations));
  return replan(state, affected, options, conflicts);
}

/** Operations whose predecessor, with the transfer time now in force, is not there in time. */
function arrivingTooEarly(state: PlanState, operations: PlannedOperation[]): PlannedOperation[] {
  const late: PlannedOperation[] = [];
  const lines = new Set(operations.map((o) => `${o.orderId}\u0000${o.lineId}`));
  for (const key of lines) {
    const [orderId, lineId] = key.split('\u0000');
    const line = state.plan.lineOperations(orderId, lineId);
    for (let i = 1; i < line.length; i++) {
      const ready = line[i - 1].end + state.index.transferMs(line[i - 1].factoryId, line[i].factoryId);
      if (line[i].start < ready) late.push(line[i]);
    }
  }
  return late;
}
