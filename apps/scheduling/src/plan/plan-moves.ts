import { Injectable, Logger } from '@nestjs/common';
import type { FixedPlace, PlannedOperation, ReplanResult } from '@atelier/scheduling-engine';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { announceCancelled, announceNewJob, announceReplanned, announceRescheduled } from '../jobs/job-events';
import { isActive, isWithdrawable, transition } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';
import { OrderPlanEntity } from './order-plan.entity';
import { OrderPromises } from './order-promises';
import type { PlanSession } from './plan-session';

/** What an engine re-plan or improvement pass changed, as the engine reports it. */
export interface EngineChanges {
  moved: PlannedOperation[];
  unplanned?: ReplanResult['unplanned'];
  conflicts?: string[];
}

/**
 * Persists what the engine moved. A job that keeps its factory and work centre is only
 * rescheduled (the supplier's offer stands, with new times); one that changes factory or work
 * centre is withdrawn and offered again as a new job, as after a refusal. Firm work is never
 * touched: the engine does not move it, and a move reported for it is refused here.
 */
@Injectable()
export class PlanMoves {
  private readonly logger = new Logger(PlanMoves.name);

  constructor(private readonly promises: OrderPromises) {}

  /** `orders`: orders whose promise may have moved besides those of moved jobs (e.g. a delayed job's). */
  async apply(session: PlanSession, changes: EngineChanges, reason: string, orders: string[] = []): Promise<void> {
    const manager = session.tx.manager;
    const ids = changes.moved.map((o) => o.operationId);
    const jobs = new Map((ids.length > 0 ? await manager.findBy(JobEntity, { id: In(ids) }) : []).map((j) => [j.id, j]));
    // The engine names operations by job id: a job under a new id, or a refused move, needs a fresh Schedule.
    let reload = false;
    const touched = new Set(orders);
    for (const moved of changes.moved) {
      const job = jobs.get(moved.operationId);
      if (!job || job.firm || !isActive(job.status)) {
        this.logger.error(`Move of ${moved.operationId} not applied: ${job ? `it is ${job.status}` : 'unknown job'}`);
        reload = true;
        continue;
      }
      touched.add(job.orderId);
      if (job.factoryId === moved.factoryId && job.workCentre === moved.workCentre) {
        await this.reschedule(session, job, moved, reason);
      } else {
        await this.relocate(session, job, moved, reason);
        reload = true;
      }
    }
    const held = new Set<string>();
    for (const failure of changes.unplanned ?? []) {
      const plan = await manager.findOneBy(OrderPlanEntity, { orderId: failure.orderId });
      // Its jobs stay where they were (the database still has them); the order waits for capacity.
      if (plan && plan.status !== 'cancelled') await this.promises.hold(session, plan, failure.code, failure.reason);
      held.add(failure.orderId);
      reload = true;
    }
    for (const conflict of changes.conflicts ?? []) this.logger.warn(`Firm work not moved: ${conflict}`);
    for (const orderId of [...touched].sort()) if (!held.has(orderId)) await this.promises.promiseMoved(session, orderId);
    if (reload) await session.reload();
  }

  /**
   * Offered jobs not yet firm: their supplier may be accepting them right now, so an improvement
   * pass may move them in time but must keep their factory and work centre (the engine's `pinned`).
   */
  async offeredJobIds(session: PlanSession): Promise<string[]> {
    const jobs = await session.tx.manager.find(JobEntity, { where: { status: 'offered', firm: false }, select: { id: true } });
    return jobs.map((job) => job.id);
  }

  /**
   * Where the offered (not yet firm) jobs are: re-plans keep them there, moving them only in time, since
   * their suppliers may be accepting them right now; the engine frees one only when it cannot stay.
   */
  async offeredPlaces(session: PlanSession): Promise<Map<string, FixedPlace>> {
    const jobs = await session.tx.manager.find(JobEntity, {
      where: { status: 'offered', firm: false },
      select: { id: true, factoryId: true, workCentre: true },
    });
    return new Map(jobs.map((job) => [job.id, { factoryId: job.factoryId, workCentre: job.workCentre }]));
  }

  /** Offered jobs these moves would take to another factory or work centre (a relocation). */
  async relocatedOffers(session: PlanSession, moved: PlannedOperation[]): Promise<string[]> {
    if (moved.length === 0) return [];
    const jobs = await session.tx.manager.findBy(JobEntity, { id: In(moved.map((o) => o.operationId)) });
    const byId = new Map(jobs.map((job) => [job.id, job]));
    return moved
      .filter((to) => {
        const job = byId.get(to.operationId);
        return job?.status === 'offered' && (job.factoryId !== to.factoryId || job.workCentre !== to.workCentre);
      })
      .map((to) => to.operationId);
  }

  private async reschedule(session: PlanSession, job: JobEntity, moved: PlannedOperation, reason: string): Promise<void> {
    if (job.plannedStart.getTime() === moved.start && job.plannedEnd.getTime() === moved.end) return;
    Object.assign(job, { plannedStart: new Date(moved.start), plannedEnd: new Date(moved.end) });
    Object.assign(job, { revision: job.revision + 1, updatedAt: new Date() });
    await session.tx.manager.save(job);
    await announceRescheduled(session.tx, job, reason);
    session.touch(job.orderId, job.factoryId);
  }

  /** Another factory or work centre: the old job is withdrawn, a new one offered in its place. */
  private async relocate(session: PlanSession, old: JobEntity, moved: PlannedOperation, reason: string): Promise<void> {
    const factory = session.schedule.network.factories.find((f) => f.id === moved.factoryId);
    const now = new Date();
    const job = Object.assign(new JobEntity(), {
      ...old,
      id: randomUUID(),
      factoryId: moved.factoryId,
      supplierId: factory?.supplierId ?? '',
      workCentre: moved.workCentre,
      plannedStart: new Date(moved.start),
      plannedEnd: new Date(moved.end),
      status: 'offered' as const,
      firm: false,
      replacedBy: null,
      scrapQuantity: 0,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    });
    if (isWithdrawable(old.status)) {
      transition(old, 'cancelled');
      await announceCancelled(session.tx, old, `moved: ${reason}`);
    }
    await announceReplanned(session.tx, old, job.id, reason);
    await announceNewJob(session.tx, job);
    await session.tx.manager.save([old, job]);
    session.touch(old.orderId, old.factoryId);
    session.touch(job.orderId, job.factoryId);
  }
}
