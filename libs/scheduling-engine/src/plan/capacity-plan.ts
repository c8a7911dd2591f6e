import type { PlannedOperation } from './operation';
import { WorkCentreTimeline, type Booking } from './work-centre-timeline';

interface Entry {
  operation: PlannedOperation;
  booking: Booking;
}

function lineKey(orderId: string, lineId: string): string {
  return `${orderId}\u0000${lineId}`;
}

/** Every booked operation, by id, by line and on its work centre's timeline. */
export class CapacityPlan {
  private readonly entries = new Map<string, Entry>();
  /** By factory, then capability, then work centre: looked up for every candidate placement, without building a key. */
  private readonly timelines = new Map<string, Map<string, WorkCentreTimeline[]>>();
  private readonly lines = new Map<string, Set<string>>();
  private readonly orders = new Map<string, Set<string>>();

  constructor(operations: Iterable<PlannedOperation> = []) {
    for (const operation of operations) this.add(operation);
  }

  timeline(factoryId: string, capability: string, workCentre: number): WorkCentreTimeline {
    let capabilities = this.timelines.get(factoryId);
    if (!capabilities) {
      capabilities = new Map();
      this.timelines.set(factoryId, capabilities);
    }
    let workCentres = capabilities.get(capability);
    if (!workCentres) {
      workCentres = [];
      capabilities.set(capability, workCentres);
    }
    return (workCentres[workCentre] ??= new WorkCentreTimeline());
  }

  has(operationId: string): boolean {
    return this.entries.has(operationId);
  }

  get(operationId: string): PlannedOperation | undefined {
    return this.entries.get(operationId)?.operation;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Orders with at least one booked operation. */
  get orderCount(): number {
    return this.orders.size;
  }

  add(operation: PlannedOperation): void {
    if (this.entries.has(operation.operationId)) {
      throw new RangeError(`Operation "${operation.operationId}" is already planned`);
    }
    const booking: Booking = { operationId: operation.operationId, start: operation.start, end: operation.end };
    this.timeline(operation.factoryId, operation.capability, operation.workCentre).book(booking);
    this.entries.set(operation.operationId, { operation, booking });
    const key = lineKey(operation.orderId, operation.lineId);
    const line = this.lines.get(key) ?? new Set<string>();
    line.add(operation.operationId);
    this.lines.set(key, line);
    const order = this.orders.get(operation.orderId) ?? new Set<string>();
    order.add(operation.operationId);
    this.orders.set(operation.orderId, order);
  }

  remove(operationId: string): PlannedOperation | undefined {
    const entry = this.entries.get(operationId);
    if (!entry) return undefined;
    const { operation, booking } = entry;
    this.timeline(operation.factoryId, operation.capability, operation.workCentre).release(booking);
    this.entries.delete(operationId);
    const key = lineKey(operation.orderId, operation.lineId);
    const line = this.lines.get(key);
    line?.delete(operationId);
    if (line?.size === 0) this.lines.delete(key);
    const order = this.orders.get(operation.orderId);
    order?.delete(operationId);
    if (order?.size === 0) this.orders.delete(operation.orderId);
    return operation;
  }

  /** Replaces the record of an operation whose place does not change (e.g. its firmness). */
  update(operation: PlannedOperation): void {
    const entry = this.entries.get(operation.operationId);
    if (!entry) throw new RangeError(`Operation "${operation.operationId}" is not planned`);
    entry.operation = operation;
  }

  /** The planned operations of a line, in routing order. */
  lineOperations(orderId: string, lineId: string): PlannedOperation[] {
    const ids = this.lines.get(lineKey(orderId, lineId)) ?? new Set<string>();
    return [...ids].map((id) => this.entries.get(id)!.operation).sort((a, b) => a.sequence - b.sequence);
  }

  orderOperations(orderId: string): PlannedOperation[] {
    return [...(this.orders.get(orderId) ?? [])].map((id) => this.entries.get(id)!.operation);
  }

  orderIds(): string[] {
    return [...this.orders.keys()];
  }

  /** When the order's last planned operation ends; undefined when none is planned. */
  completion(orderId: string): number | undefined {
    const ids = this.orders.get(orderId);
    if (!ids || ids.size === 0) return undefined;
    let latest = Number.NEGATIVE_INFINITY;
    for (const id of ids) latest = Math.max(latest, this.entries.get(id)!.operation.end);
    return latest;
  }

  /** End of the last booked operation; 0 when nothing is booked. */
  latestEnd(): number {
    let latest = 0;
    for (const { operation } of this.entries.values()) if (operation.end > latest) latest = operation.end;
    return latest;
  }

  operations(): PlannedOperation[] {
    return [...this.entries.values()].map((entry) => entry.operation);
  }
}
