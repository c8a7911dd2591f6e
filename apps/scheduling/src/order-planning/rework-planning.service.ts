import { Injectable, Logger } from '@nestjs/common';
import { transferMs, type PlanOrderResult, type Refusals, type Schedule } from '@atelier/scheduling-engine';
import { randomUUID } from 'node:crypto';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { Clock } from '@atelier/platform';
import { announceNewJob, announceReplanned } from '../jobs/job-events';
import { REWORK_SEQUENCE_OFFSET } from '../jobs/job-mapping';
import { activeStatuses } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';
import { OrderPlanEntity } from '../plan/order-plan.entity';
import { OrderPromises } from '../plan/order-promises';
import type { PlanSession } from '../plan/plan-session';
import { PlanMoves } from '../plan/plan-moves';

interface Rework {
  /** The job the new one is modelled on: the scrapped job, or a refused re-work job. */
  template: JobEntity;
  quantity: number;
  /** The job whose scrap is made again. */
  reworkOf: string;
  reason: string;
  /** A refused re-work job the new one takes over from. */
  refused?: JobEntity;
}

/**
 * Quality scrap: the scrapped quantity is made again as a new job of the same operation, its
 * duration scaled to the quantity, booked with the engine after the scrapped job and before the
 * line's next step. When it cannot end in time, the next step (if not firm) and the rest of its
 * line move, and the order's promise with them.
 */
@Injectable()
export class ReworkPlanning {
  private readonly logger = new Logger(ReworkPlanning.name);

  constructor(
    private readonly promises: OrderPromises,
    private readonly moves: PlanMoves,
    private readonly clock: Clock,
  ) {}

  async onScrap(session: PlanSession, scrapped: JobEntity, scrapQuantity: number): Promise<void> {
    const reason = `scrap: ${scrapQuantity} of ${scrapped.quantity} to make again`;
    await this.plan(session, { template: scrapped, quantity: scrapQuantity, reworkOf: scrapped.id, reason });
  }

  /**
   * The re-work an order still owes: scrap of a completed job for which no re-work job is planned,
   * in progress or done (its planning failed for want of capacity). Planned again now; false when
   * some still finds no place (the order stays on hold).
   */
  async retryMissing(session: PlanSession, orderId: string): Promise<boolean> {
    const manager = session.tx.manager;
    const scrapped = await manager.find(JobEntity, { where: { orderId, status: 'completed', scrapQuantity: MoreThan(0) } });
    for (const job of scrapped) {
      const reworked = await manager.existsBy(JobEntity, { reworkOf: job.id, status: In([...activeStatuses]) });
      if (reworked) continue;
      if (
        !(await this.plan(session, { template: job, quantity: job.scrapQuantity, reworkOf: job.id, reason: 'capacity appeared' }))
      ) {
        return false;
      }
    }
    return true;
  }

  /** A re-work job was refused or its offer expired: it is made elsewhere when another factory can. */
  async onRefused(session: PlanSession, refused: JobEntity, reason: string): Promise<void> {
    await this.plan(session, { template: refused, quantity: refused.quantity, reworkOf: refused.reworkOf!, reason, refused });
  }

  /** True when the re-work found its place (or the order no longer needs it). */
  private async plan(session: PlanSession, rework: Rework): Promise<boolean> {
    const manager = session.tx.manager;
    const { template } = rework;
    const plan = await manager.findOneBy(OrderPlanEntity, { orderId: template.orderId });
    if (!plan || plan.status === 'cancelled') return true;
    const durationMinutes = (template.durationMinutes * rework.quantity) / Math.max(1, template.quantity);
    const jobId = randomUUID();
    const refusedBy = await this.refusals(manager, rework.reworkOf);
    // The engine's refusal policy, as for any operation: refusing factories are avoided when another one
    // can do it, and never offered it again after MAX_REFUSALS_PER_FACTORY refusals.
    const placed = insertRework(session.schedule, plan, template, jobId, durationMinutes, refusedBy, this.clock.nowMs());
    if (!placed.ok) {
      // On hold with what placement said (re-work has always held so); retried with the other
      // unplannable orders when capacity appears (retryMissing).
      const failure = placed.code === 'REFUSED_BY_EVERY_CAPABLE_FACTORY' ? placed.placement : placed;
      this.logger.warn(`Re-work of job ${rework.reworkOf} cannot be planned now: ${failure.reason}`);
      await this.promises.hold(session, plan, failure.code, `re-work cannot be planned: ${failure.reason}`);
      return false;
    }
    const [operation] = placed.operations;
    const now = new Date();
    const job = Object.assign(new JobEntity(), {
      ...template,
      id: jobId,
      quantity: rework.quantity,
      durationMinutes,
      factoryId: operation.factoryId,
      supplierId: session.schedule.network.factories.find((f) => f.id === operation.factoryId)?.supplierId ?? '',
      workCentre: operation.workCentre,
      plannedStart: new Date(operation.start),
      plannedEnd: new Date(operation.end),
      status: 'offered' as const,
      firm: false,
      replacedBy: null,
      // The template is the scrapped job: its scrap is not the re-work's (else, completed, it would be re-worked again).
      scrapQuantity: 0,
      reworkOf: rework.reworkOf,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    });
    if (rework.refused) await announceReplanned(session.tx, rework.refused, job.id, rework.reason);
    await announceNewJob(session.tx, job);
    await manager.save(rework.refused ? [rework.refused, job] : [job]);
    session.touch(job.orderId, job.factoryId);
    await this.makeRoomAfter(session, job, rework.reason);
    return true;
  }

  /** The line's next step must not start before the re-work is done and transferred. */
  private async makeRoomAfter(session: PlanSession, rework: JobEntity, reason: string): Promise<void> {
    const later = await session.tx.manager.find(JobEntity, {
      where: {
        orderId: rework.orderId,
        lineId: rework.lineId,
        sequence: MoreThan(rework.sequence),
        status: In([...activeStatuses]),
      },
      order: { sequence: 'ASC' },
    });
    const next = later.find((job) => !job.reworkOf);
    const ready =
      rework.plannedEnd.getTime() + (next ? transferMs(session.schedule.network, rework.factoryId, next.factoryId) : 0);
    if (!next || next.plannedStart.getTime() >= ready) {
      await this.promises.promiseMoved(session, rework.orderId);
      return;
    }
    if (next.firm) this.logger.warn(`Job ${next.id} is firm and starts before the re-work ${rework.id} can be there`);
    const result = session.schedule.replan([next.id], {
      now: this.clock.nowMs(),
      keepPlace: await this.moves.offeredPlaces(session),
    });
    await this.moves.apply(session, result, reason, [rework.orderId]);
  }

  /** The factories that refused (or let expire) an offer of this re-work, and how often. */
  private async refusals(manager: EntityManager, reworkOf: string): Promise<Array<{ factoryId: string; times: number }>> {
    const refused = await manager.findBy(JobEntity, { reworkOf, status: In(['rejected', 'expired']) });
    const counts = new Map<string, number>();
    for (const job of refused) counts.set(job.factoryId, (counts.get(job.factoryId) ?? 0) + 1);
    return [...counts].map(([factoryId, times]) => ({ factoryId, times }));
  }
}

function insertRework(
  schedule: Schedule,
  plan: OrderPlanEntity,
  template: JobEntity,
  jobId: string,
  durationMinutes: number,
  refusedBy: Array<{ factoryId: string; times: number }>,
  now: number,
): PlanOrderResult {
  const operation = {
    operationId: jobId,
    orderId: template.orderId,
    lineId: template.lineId,
    sequence: template.sequence + REWORK_SEQUENCE_OFFSET,
    capability: template.capability,
    durationMinutes,
  };
  const refusals: Refusals = refusedBy.length > 0 ? { [jobId]: { name: template.operationId, refusedBy } } : {};
  return schedule.planOrder(
    { orderId: plan.orderId, dueDate: plan.dueDate?.getTime(), lines: [{ lineId: template.lineId, operations: [operation] }] },
    { now, refusals },
  );
}
