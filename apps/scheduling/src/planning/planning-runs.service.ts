import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { OrderPlanning } from './order-planning.service';
import type { PlanSession } from './plan-session';
import { PlanMoves } from './plan-moves';
import { PlanStore } from './plan-store';
import { IMPROVE_PLAN, PlanningQueue, REPLAN_NETWORK } from './planning-queue';
import { SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';

/**
 * The planning runs BullMQ triggers: the retry of unplannable orders after a network change, and
 * the background improvement pass (the engine's local search) after plan changes. Each run holds
 * the plan lock for its whole transaction.
 */
@Injectable()
export class PlanningRuns implements OnModuleInit {
  private readonly logger = new Logger(PlanningRuns.name);
  /** Improvement passes run by this replica (for tests and operators). */
  improvementRuns = 0;

  constructor(
    @Inject(SCHEDULING_SETTINGS) private readonly settings: SchedulingSettings,
    private readonly queue: PlanningQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly store: PlanStore,
    private readonly planning: OrderPlanning,
    private readonly moves: PlanMoves,
  ) {}

  onModuleInit(): void {
    this.queue.register(REPLAN_NETWORK, () => this.retryUnplannable());
    this.queue.register(IMPROVE_PLAN, () => this.improve());
  }

  private async retryUnplannable(): Promise<void> {
    const retried = await this.unitOfWork.run({ correlationId: randomUUID() }, (tx) =>
      this.store.change(tx, (session) => this.planning.retryUnplannable(session)),
    );
    this.logger.log(`Retried ${retried} unplannable orders after a network change`);
  }

  /** Its own changes do not ask for another pass: a pass stops when it finds nothing better. */
  private async improve(): Promise<void> {
    if (this.settings.improvementTimeLimitMs <= 0) return;
    await this.unitOfWork.run({ correlationId: randomUUID() }, (tx) =>
      this.store.change(tx, (session) => this.improveIn(session), { triggersImprovement: false }),
    );
    this.improvementRuns++;
  }

  private async improveIn(session: PlanSession): Promise<void> {
    const result = session.schedule.improve({ now: Date.now(), timeLimitMs: this.settings.improvementTimeLimitMs });
    if (result.moved.length === 0) return;
    this.logger.log(
      `Improvement: ${result.accepted} of ${result.rounds} rounds kept, weighted lateness ` +
        `${result.before.weightedLatenessMinutes} → ${result.after.weightedLatenessMinutes} min, ${result.moved.length} jobs moved`,
    );
    // The engine never moves firm or started work; PlanMoves refuses such a move should one appear.
    await this.moves.apply(session, result, 'plan improved');
  }
}
