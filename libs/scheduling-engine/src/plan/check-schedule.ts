import { WorkingTime } from '../calendar/working-time';
import type { Factory, Network } from '../network/network';
import { processingMs, transferMs } from '../network/transfer-time';
import type { PlannedOperation } from './operation';

/**
 * An independent check of a plan, sharing only the calendar model with the planner: capability
 * and work centre exist, each operation takes exactly its working time (speed factor applied)
 * inside the factory's working time, routing order and transfer times hold, and no work centre
 * does two things at once. Returns one message per violation; empty means feasible.
 */
export function checkSchedule(network: Network, operations: PlannedOperation[]): string[] {
  const violations: string[] = [];
  const factories = new Map<string, Factory>(network.factories.map((factory) => [factory.id, factory]));
  const workingTimes = new Map<string, WorkingTime>();
  const seen = new Set<string>();
  for (const operation of operations) {
    if (seen.has(operation.operationId)) violations.push(`${operation.operationId}: planned twice`);
    seen.add(operation.operationId);
    const factory = factories.get(operation.factoryId);
    if (!factory) {
      violations.push(`${operation.operationId}: unknown factory ${operation.factoryId}`);
      continue;
    }
    if (!workingTimes.has(factory.id)) workingTimes.set(factory.id, new WorkingTime(factory.calendar));
    checkPlacement(operation, factory, workingTimes.get(factory.id)!, violations);
  }
  checkWorkCentres(operations, violations);
  checkRouting(network, operations, violations);
  return violations;
}

function checkPlacement(operation: PlannedOperation, factory: Factory, workingTime: WorkingTime, violations: string[]): void {
  const id = operation.operationId;
  const capacity = factory.capabilities.find((c) => c.capability === operation.capability);
  if (!capacity) {
    violations.push(`${id}: factory ${factory.id} cannot do "${operation.capability}"`);
    return;
  }
  if (!Number.isInteger(operation.workCentre) || operation.workCentre < 0 || operation.workCentre >= capacity.workCentres) {
    violations.push(`${id}: factory ${factory.id} has no work centre ${operation.workCentre} for "${operation.capability}"`);
  }
  if (!(operation.end >= operation.start)) {
    violations.push(`${id}: ends (${operation.end}) before it starts (${operation.start})`);
    return;
  }
  const needed = processingMs(operation.durationMinutes, capacity.speedFactor);
  if (needed === 0) return;
  const worked = workingTime.workingMsBetween(operation.start, operation.end);
  if (worked !== needed) {
    violations.push(`${id}: ${worked / 60_000} working minutes between start and end, needs ${needed / 60_000}`);
  }
  if (workingTime.workingMsBetween(operation.start, operation.start + 1) === 0) {
    violations.push(`${id}: starts outside working time at ${new Date(operation.start).toISOString()}`);
  }
  if (workingTime.workingMsBetween(operation.end - 1, operation.end) === 0) {
    violations.push(`${id}: ends outside working time at ${new Date(operation.end).toISOString()}`);
  }
}

function checkWorkCentres(operations: PlannedOperation[], violations: string[]): void {
  const byWorkCentre = new Map<string, PlannedOperation[]>();
  for (const operation of operations) {
    const key = `${operation.factoryId} / ${operation.capability} / ${operation.workCentre}`;
    const list = byWorkCentre.get(key) ?? [];
    list.push(operation);
    byWorkCentre.set(key, list);
  }
  for (const [key, list] of byWorkCentre) {
    const busy = list.filter((o) => o.end > o.start).sort((a, b) => a.start - b.start);
    let latestEnd = Number.NEGATIVE_INFINITY;
    for (const operation of busy) {
      if (operation.start < latestEnd) violations.push(`${operation.operationId}: overlaps earlier work on ${key}`);
      latestEnd = Math.max(latestEnd, operation.end);
    }
  }
}

function checkRouting(network: Network, operations: PlannedOperation[], violations: string[]): void {
  const lines = new Map<string, PlannedOperation[]>();
  for (const operation of operations) {
    const key = `${operation.orderId} / ${operation.lineId}`;
    const list = lines.get(key) ?? [];
    list.push(operation);
    lines.set(key, list);
  }
  for (const line of lines.values()) {
    line.sort((a, b) => a.sequence - b.sequence);
    for (let i = 1; i < line.length; i++) {
      const previous = line[i - 1];
      const current = line[i];
      const ready = previous.end + transferMs(network, previous.factoryId, current.factoryId);
      if (current.start < ready) {
        violations.push(
          `${current.operationId}: starts ${(ready - current.start) / 60_000} min before ${previous.operationId} is done and transferred`,
        );
      }
    }
  }
}
