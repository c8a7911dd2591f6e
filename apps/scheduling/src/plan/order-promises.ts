import { Injectable, Logger } from '@nestjs/common';
import { SchedulingEvents } from '@atelier/contracts';
import { In } from 'typeorm';
import type { EventFacts } from '@atelier/messaging';
import { Clock } from '@atelier/platform';
import { activeStatuses } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';
import { OrderPlanEntity } from './order-plan.entity';
import type { PlanSession } from './plan-session';
import { PlanningQueue, REPLAN_NETWORK } from './planning-queue';

/** An order.planned to publish. */
export type OrderPlanned = EventFacts<typeof SchedulingEvents.orderPlanned>;

/**
 * What the plan tells orders about each of them: its promised date (order.planned) or why it waits
 * (order.unplannable), kept on its order_plans row. Every use case that moves jobs ends here; the
 * orders waiting for capacity are retried by the replan-network run (order-planning).
 */
@Injectable()
export class OrderPromises {
  private readonly logger = new Logger(OrderPromises.name);

  constructor(
    private readonly queue: PlanningQueue,
    private readonly clock: Clock,
  ) {}

  /** The orders that could not be planned, oldest first: retried when capacity may have appeared. */
  async unplannableOrderIds(session: PlanSession): Promise<string[]> {
    const plans = await session.tx.manager.find(OrderPlanEntity, {
      where: { status: 'unplannable' },
      order: { createdAt: 'ASC' },
    });
    return plans.map((plan) => plan.orderId);
  }

  /**
   * Capacity was freed (an order cancelled, an offer refused) or the network changed: orders waiting
   * for capacity are retried, after the commit so that the retry sees the change. Never awaited under
   * the plan lock (Redis may be down): a failed request is asked for again by the queue's catch-up timer.
   */
  async capacityFreed(session: PlanSession): Promise<void> {
    if (await this.hasUnplannable(session)) session.tx.afterCommit(() => this.queue.trigger(REPLAN_NETWORK));
  }

  async hasUnplannable(session: PlanSession): Promise<boolean> {
    return (await session.tx.manager.countBy(OrderPlanEntity, { status: 'unplannable' })) > 0;
  }

  /** After jobs of a planned order moved: announces its promise again if it changed. */
  async promiseMoved(session: PlanSession, orderId: string): Promise<void> {
    const plan = await session.tx.manager.findOneBy(OrderPlanEntity, { orderId });
    if (plan?.status === 'planned') await this.keepPromise(session, plan);
  }

  /** Announces the promised date (the latest planned end) when it is new or moved; `known`: the order's active jobs, when the caller has them all. */
  async keepPromise(session: PlanSession, plan: OrderPlanEntity, known?: JobEntity[]): Promise<void> {
    const active =
      known ?? (await session.tx.manager.find(JobEntity, { where: { orderId: plan.orderId, status: In([...activeStatuses]) } }));
    if (!(await this.announcePromise(session, plan, active))) return;
    const { status, promisedDate, holdCode, holdReason, revision, updatedAt } = plan;
    await session.tx.manager.update(
      OrderPlanEntity,
      { orderId: plan.orderId },
      { status, promisedDate, holdCode, holdReason, revision, updatedAt },
    );
  }

  /**
   * The promise part of keepPromise, without writing the plan row: changes `plan` and publishes
   * order.planned when the promise is new or moved. Whether it did.
   */
  async announcePromise(session: PlanSession, plan: OrderPlanEntity, activeJobs: JobEntity[]): Promise<boolean> {
    const planned = this.promise(session, plan, activeJobs);
    if (planned) await session.tx.publish(SchedulingEvents.orderPlanned, planned);
    return planned !== null;
  }

  /**
   * announcePromise in two steps: changes `plan` now when the promise is new or moved, and answers
   * the order.planned to publish (null when there is none) — so that a run of orders can tell its
   * jobs first and then its orders, which consumers then take as two runs of one type each.
   */
  promise(session: PlanSession, plan: OrderPlanEntity, activeJobs: JobEntity[]): OrderPlanned | null {
    const active = [...activeJobs].sort((a, b) => a.sequence - b.sequence);
    const promised = active.reduce((latest, job) => Math.max(latest, job.plannedEnd.getTime()), 0) || this.clock.nowMs();
    if (plan.status === 'planned' && plan.promisedDate?.getTime() === promised) return null;
    const changes = { status: 'planned' as const, promisedDate: new Date(promised), holdCode: null, holdReason: null };
    Object.assign(plan, changes, { revision: plan.revision + 1, updatedAt: new Date() });
    session.touch(plan.orderId);
    return {
      aggregateId: plan.orderId,
      aggregateVersion: plan.revision,
      data: { orderId: plan.orderId, promisedDate: plan.promisedDate!.toISOString(), jobIds: active.map((job) => job.id) },
    };
  }

  /** The order waits (for capacity, a factory, a re-work place), with why; announced once per reason. */
  async hold(session: PlanSession, plan: OrderPlanEntity, code: string, reason: string): Promise<void> {
    if (plan.status === 'unplannable' && plan.holdCode === code) return;
    this.logger.log(`Order ${plan.orderId} cannot be planned now: ${reason}`);
    Object.assign(plan, { status: 'unplannable', holdCode: code, holdReason: reason });
    Object.assign(plan, { revision: plan.revision + 1, updatedAt: new Date() });
    await session.tx.manager.save(plan);
    session.touch(plan.orderId);
    await session.tx.publish(SchedulingEvents.orderUnplannable, {
      aggregateId: plan.orderId,
      aggregateVersion: plan.revision,
      data: { orderId: plan.orderId, code, reason },
    });
  }
}
