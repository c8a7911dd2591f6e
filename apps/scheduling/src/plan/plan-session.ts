import type { Transaction } from '@atelier/messaging';
import type { Schedule } from '@atelier/scheduling-engine';
import { loadSchedule } from './schedule-loader';

/** One planning run: its transaction, the Schedule it changes, and what it touched. */
export class PlanSession {
  readonly touchedOrders = new Set<string>();
  readonly touchedFactories = new Set<string>();
  private dirty = false;

  /**
   * `tx`: whose events these are. A run of several events' changes (one database transaction) sets
   * it to each event's own before its change, so what each publishes is caused by it.
   */
  constructor(
    public tx: Transaction,
    public schedule: Schedule,
  ) {}

  get changed(): boolean {
    return this.dirty;
  }

  touch(orderId: string, factoryId?: string): void {
    this.dirty = true;
    this.touchedOrders.add(orderId);
    if (factoryId) this.touchedFactories.add(factoryId);
  }

  /** The network changed: the plan's token must change even when no job moved (other replicas cache the network). */
  touchNetwork(...factoryIds: string[]): void {
    this.dirty = true;
    for (const factoryId of factoryIds) this.touchedFactories.add(factoryId);
  }

  /**
   * Rebuilds the Schedule from the rows this transaction sees. The engine cannot put back an
   * operation at a given place (only plan it anew), so undoing a failed re-plan or moving a
   * job's end (a delay) goes through the database.
   */
  async reload(): Promise<void> {
    this.schedule = await loadSchedule(this.tx.manager);
  }
}
