import { Injectable, Logger } from '@nestjs/common';
import type { JobStatus } from '@atelier/contracts';
import { transferMs } from '@atelier/scheduling-engine';
import { In, LessThan, MoreThan, Not } from 'typeorm';
import { OrderPlanning } from '../planning/order-planning.service';
import type { PlanSession } from '../planning/plan-session';
import { activeStatuses, canTransition, transition } from './job-state';
import { JobEntity } from './job.entity';

/**
 * What suppliers report about a job, applied to the plan. Events are facts: one that no longer
 * fits the job's state (it was re-planned or cancelled meanwhile) is logged and ignored.
 */
@Injectable()
export class JobProgress {
  private readonly logger = new Logger(JobProgress.name);

  constructor(private readonly planning: OrderPlanning) {}

  /** Accepted, started or completed: bookkeeping; from acceptance on the job is firm. */
  async advance(session: PlanSession, jobId: string, to: JobStatus): Promise<void> {
    const job = await this.applicable(session, jobId, to);
    if (!job) return;
    transition(job, to);
    await session.tx.manager.save(job);
    if (session.schedule.operation(job.id)) session.schedule.setFirm(job.id, job.firm);
    session.touch(job.orderId, job.factoryId);
  }

  /** Rejected or expired: the operation goes elsewhere as a new job. */
  async refuse(session: PlanSession, jobId: string, to: 'rejected' | 'expired', reason: string): Promise<void> {
    const job = await this.applicable(session, jobId, to);
    if (!job) return;
    transition(job, to);
    await session.tx.manager.save(job);
    session.schedule.remove([job.id]);
    session.touch(job.orderId, job.factoryId);
    await this.planning.replan(session, job.orderId, { reason });
  }

  /** The job will end later: downstream and overlapping non-firm work moves, the promise follows. */
  async delay(session: PlanSession, jobId: string, newEnd: string): Promise<void> {
    const manager = session.tx.manager;
    const job = await manager.findOneBy(JobEntity, { id: jobId });
    if (!job || !['offered', 'accepted', 'in_progress'].includes(job.status)) {
      this.logger.warn(`Delay of job ${jobId} ignored: ${job ? `it is ${job.status}` : 'unknown job'}`);
      return;
    }
    const end = new Date(newEnd);
    if (end.getTime() === job.plannedEnd.getTime()) return;
    Object.assign(job, { plannedEnd: end, revision: job.revision + 1, updatedAt: new Date() });
    await manager.save(job);
    await session.reload();
    session.touch(job.orderId, job.factoryId);
    const toMove = await this.displacedBy(session, job);
    const orders = new Set([job.orderId, ...toMove.map((j) => j.orderId)]);
    for (const orderId of orders) {
      const move = new Set(toMove.filter((j) => j.orderId === orderId).map((j) => j.id));
      await this.planning.replan(session, orderId, { reason: 'delayed', move });
    }
  }

  /** Non-firm jobs that can no longer run as planned once `job` ends later. */
  private async displacedBy(session: PlanSession, job: JobEntity): Promise<JobEntity[]> {
    const manager = session.tx.manager;
    const network = session.schedule.network;
    const successors = await manager.findBy(JobEntity, {
      orderId: job.orderId,
      lineId: job.lineId,
      sequence: MoreThan(job.sequence),
      status: In([...activeStatuses]),
      firm: false,
    });
    const late = successors.filter(
      (s) => s.plannedStart.getTime() < job.plannedEnd.getTime() + transferMs(network, job.factoryId, s.factoryId),
    );
    const overlapping = await manager.findBy(JobEntity, {
      id: Not(job.id),
      factoryId: job.factoryId,
      capability: job.capability,
      workCentre: job.workCentre,
      status: In([...activeStatuses]),
      firm: false,
      plannedStart: LessThan(job.plannedEnd),
      plannedEnd: MoreThan(job.plannedStart),
    });
    const byId = new Map([...late, ...overlapping].map((j) => [j.id, j]));
    return [...byId.values()];
  }

  private async applicable(session: PlanSession, jobId: string, to: JobStatus): Promise<JobEntity | null> {
    const job = await session.tx.manager.findOneBy(JobEntity, { id: jobId });
    if (job && canTransition(job.status, to)) return job;
    this.logger.warn(`Job ${jobId} ${to} ignored: ${job ? `it is ${job.status}` : 'unknown job'}`);
    return null;
  }
}
