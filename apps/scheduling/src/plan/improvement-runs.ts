import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { Clock } from '@atelier/platform';
import type { PlanSession } from './plan-session';
import { PlanMoves } from './plan-moves';
import { PlanStore } from './plan-store';
import { IMPROVE_PLAN, PlanningQueue } from './planning-queue';
import { SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';

/** Under a steady stream of orders, the plan is still improved this often. */
const MAX_IMPROVEMENT_GAP_MS = 60_000;
/** The longest the improvement pass keeps this replica's event loop in one go (quotes wait that long at most). */
const IMPROVEMENT_SLICE_MS = 20;
/** The pass ends once it searched this long in a row without finding a better plan. */
const FRUITLESS_SEARCH_MS = 50;

/**
 * The background improvement pass (the engine's local search), a BullMQ run asked for after plan
 * changes (PlanStore). It holds the plan lock for its whole transaction.
 */
@Injectable()
export class ImprovementRuns implements OnModuleInit {
  private readonly logger = new Logger(ImprovementRuns.name);
  /** When this replica last ran an improvement pass (its start counts as one). */
  private lastImprovementAt = Date.now();
  /** Improvement passes run by this replica (for tests and operators). */
  improvementRuns = 0;
  /** How many events wait that the pass gives way to (confirmed orders): see giveWayTo. */
  private waiting: () => number = () => 0;

  constructor(
    @Inject(SCHEDULING_SETTINGS) private readonly settings: SchedulingSettings,
    private readonly queue: PlanningQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly store: PlanStore,
    private readonly moves: PlanMoves,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.register(IMPROVE_PLAN, () => this.improve());
  }

  /** Work the pass gives way to while it waits (the use case that owns it says so: order planning). */
  giveWayTo(waiting: () => number): void {
    this.waiting = waiting;
  }

  /**
   * Its own changes do not ask for another pass: a pass stops when it finds nothing better.
   * A pass holds the plan for up to its time limit, so while confirmed orders wait to be planned
   * it gives way to them (asks again later), yet runs at least once every MAX_IMPROVEMENT_GAP_MS.
   */
  private async improve(): Promise<void> {
    if (this.settings.improvementTimeLimitMs <= 0) return;
    const now = Date.now();
    if (this.waiting() > 0 && now - this.lastImprovementAt < MAX_IMPROVEMENT_GAP_MS) {
      this.queue.trigger(IMPROVE_PLAN, { delayMs: this.settings.improvementDelayMs });
      return;
    }
    this.lastImprovementAt = now;
    await this.unitOfWork.run({ correlationId: randomUUID() }, (tx) =>
      this.store.change(tx, (session) => this.improveIn(session), { triggersImprovement: false }),
    );
    this.improvementRuns++;
  }

  private async improveIn(session: PlanSession): Promise<void> {
    // In slices, yielding between them: one long pass would block this replica's quotes and
    // placement promises (seconds at p99) while the plan is improved.
    const deadline = Date.now() + this.settings.improvementTimeLimitMs;
    const totals = { rounds: 0, accepted: 0, moved: 0, before: undefined as number | undefined, after: 0 };
    // An offered job may be being accepted or started right now: the pass may move it in time at
    // its factory and work centre, never away from them, so offered jobs are pinned there. Only the
    // pass's own moves change them while it holds the plan: read again after a slice that moved work.
    let pinned = await this.moves.offeredJobIds(session);
    let fruitlessMs = 0;
    for (let slice = 0; ; slice++) {
      if (slice > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const budget = Math.min(IMPROVEMENT_SLICE_MS, deadline - Date.now());
      if (budget <= 0) break;
      const result = session.schedule.improve({ now: this.clock.nowMs(), timeLimitMs: budget, pinned, seed: Date.now() + slice });
      totals.rounds += result.rounds;
      totals.before ??= result.before.weightedLatenessMinutes;
      // Nothing movable to search (fewer than two orders with movable work): nothing to gain by more slices.
      if (result.rounds === 0) break;
      if (result.moved.length === 0) {
        // Each slice searches afresh (its own seed): as before slices existed, the pass gives up after
        // FRUITLESS_SEARCH_MS in a row without a better plan, not after one short slice.
        fruitlessMs += budget;
        if (fruitlessMs >= FRUITLESS_SEARCH_MS) break;
        continue;
      }
      fruitlessMs = 0;
      // Safety net, should never trigger now that offered jobs are pinned: a result that would still
      // take an offered job away is dropped as a whole (its other moves may rely on it).
      const relocated = await this.moves.relocatedOffers(session, result.moved);
      if (relocated.length > 0) {
        this.logger.warn(
          `Improvement not applied: it would move offered jobs ${relocated.join(', ')} to another factory or work centre`,
        );
        await session.reload();
        break;
      }
      // The engine never moves firm or started work; PlanMoves refuses such a move should one appear.
      await this.moves.apply(session, result, 'plan improved');
      Object.assign(totals, {
        accepted: totals.accepted + result.accepted,
        moved: totals.moved + result.moved.length,
        after: result.after.weightedLatenessMinutes,
      });
      pinned = await this.moves.offeredJobIds(session);
    }
    if (totals.moved > 0) {
      this.logger.log(
        `Improvement: ${totals.accepted} of ${totals.rounds} rounds kept, weighted lateness ${totals.before} → ${totals.after} min, ${totals.moved} moves`,
      );
    }
  }
}
