import { Injectable, Logger } from '@nestjs/common';
import type { JobStatus } from '@atelier/contracts';
import { Clock } from '@atelier/platform';
import { applyReport, reportedStatus, transition } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';
import { OrderPlanning } from '../order-planning/order-planning.service';
import { ReworkPlanning } from '../order-planning/rework-planning.service';
import { OrderPromises } from '../plan/order-promises';
import type { PlanSession } from '../plan/plan-session';
import { PlanMoves } from '../plan/plan-moves';

/**
 * What suppliers report about a job, applied to the plan. Events are facts, and they may arrive out
 * of order (a redelivery, two replicas): a report further along than the job takes it there (a
 * completion before its start completes the job, and makes its re-work), one that is behind changes
 * nothing. One that no longer fits the job's state (it was re-planned or cancelled meanwhile) is
 * logged and ignored.
 */
@Injectable()
export class JobProgress {
  private readonly logger = new Logger(JobProgress.name);

  constructor(
    private readonly planning: OrderPlanning,
    private readonly promises: OrderPromises,
    private readonly rework: ReworkPlanning,
    private readonly moves: PlanMoves,
    private readonly clock: Clock,
  ) {}

  /** Accepted, started or completed: bookkeeping; from acceptance on the job is firm. */
  async advance(session: PlanSession, jobId: string, to: JobStatus): Promise<void> {
    await this.advanceJob(session, jobId, to);
  }

  /** Completed; a scrapped quantity is made again as new work (a redelivered completion changes nothing). */
  async complete(session: PlanSession, jobId: string, scrapQuantity: number): Promise<void> {
    const job = await this.advanceJob(session, jobId, 'completed');
    if (!job) return;
    if (scrapQuantity > 0) {
      job.scrapQuantity = scrapQuantity;
      await session.tx.manager.save(job);
      await this.rework.onScrap(session, job, scrapQuantity);
    }
    await this.planning.finishIfDone(session, job.orderId);
  }

  private async advanceJob(session: PlanSession, jobId: string, to: JobStatus): Promise<JobEntity | null> {
    const job = await this.applicable(session, jobId, to);
    if (!job) return null;
    applyReport(job, to);
    await session.tx.manager.save(job);
    if (session.schedule.operation(job.id)) session.schedule.setFirm(job.id, job.firm);
    session.touch(job.orderId, job.factoryId);
    return job;
  }

  /** Rejected or expired: the operation goes elsewhere as a new job. */
  async refuse(session: PlanSession, jobId: string, to: 'rejected' | 'expired', reason: string): Promise<void> {
    const job = await this.applicable(session, jobId, to);
    if (!job) return;
    transition(job, to);
    await session.tx.manager.save(job);
    session.schedule.remove([job.id]);
    session.touch(job.orderId, job.factoryId);
    if (job.reworkOf) await this.rework.onRefused(session, job, reason);
    else await this.planning.replan(session, job.orderId, { reason });
    await this.promises.capacityFreed(session);
  }

  /**
   * The job will end at `newEnd`: the engine keeps it in place with its new end, and re-plans
   * what now collides with it (work on its work centre, the rest of its line); the promise follows.
   */
  async delay(session: PlanSession, jobId: string, newEnd: string): Promise<void> {
    const manager = session.tx.manager;
    const job = await manager.findOneBy(JobEntity, { id: jobId });
    if (!job || !['offered', 'accepted', 'in_progress'].includes(job.status)) {
      this.logger.warn(`Delay of job ${jobId} ignored: ${job ? `it is ${job.status}` : 'unknown job'}`);
      return;
    }
    const end = new Date(newEnd);
    if (end.getTime() === job.plannedEnd.getTime()) return;
    if (end.getTime() <= job.plannedStart.getTime()) {
      this.logger.warn(`Delay of job ${jobId} ignored: ${newEnd} is not after its start`);
      return;
    }
    if (!session.schedule.operation(job.id)) await session.reload();
    const result = session.schedule.delay(job.id, end.getTime(), {
      now: this.clock.nowMs(),
      keepPlace: await this.moves.offeredPlaces(session),
    });
    const booked = session.schedule.operation(job.id)!;
    // The engine reads an end outside working time as the end of the last working moment before it.
    Object.assign(job, { plannedEnd: new Date(booked.end), durationMinutes: booked.durationMinutes });
    Object.assign(job, { revision: job.revision + 1, updatedAt: new Date() });
    await manager.save(job);
    session.touch(job.orderId, job.factoryId);
    await this.moves.apply(session, result, 'delayed', [job.orderId]);
  }

  private async applicable(session: PlanSession, jobId: string, to: JobStatus): Promise<JobEntity | null> {
    const job = await session.tx.manager.findOneBy(JobEntity, { id: jobId });
    if (job && reportedStatus(job.status, to) !== null) return job;
    if (job && (to === 'accepted' || to === 'in_progress') && job.status === 'cancelled') this.warnDroppedWork(job, to);
    else this.logger.warn(`Job ${jobId} ${to} ignored: ${job ? `it is ${job.status}` : 'unknown job'}`);
    return null;
  }

  /**
   * The supplier committed to (or started) work the plan no longer holds: it may be building
   * something twice. Nothing here can undo it; the operator must, so the warning names both jobs.
   */
  private warnDroppedWork(job: JobEntity, to: 'accepted' | 'in_progress'): void {
    const what = to === 'accepted' ? 'accepted' : 'started';
    const instead = job.replacedBy ? `replaced by job ${job.replacedBy}` : 'cancelled (no replacement)';
    this.logger.warn(
      `Job ${job.id} was ${what} by supplier ${job.supplierId} at factory ${job.factoryId}, but the plan ` +
        `${instead}: order ${job.orderId}, operation ${job.operationId} may be made twice; an operator must reconcile`,
    );
  }
}
