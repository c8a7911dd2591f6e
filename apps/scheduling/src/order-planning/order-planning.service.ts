import { Injectable, Logger } from '@nestjs/common';
import { openJobStatuses, SchedulingEvents, type EventDataOf, type OrderEvents } from '@atelier/contracts';
import { In } from 'typeorm';
import type { BatchItem, Transaction } from '@atelier/messaging';
import { Clock, insertRows, selectRows } from '@atelier/platform';
import { announceCancelled, announceNewJob, announceReplanned, announceRescheduled } from '../jobs/job-events';
import { isWithdrawable, transition } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';
import { planOpenOperations } from './open-operations';
import { OrderPlanEntity } from '../plan/order-plan.entity';
import { OrderPromises, type OrderPlanned } from '../plan/order-promises';
import type { PlanSession } from '../plan/plan-session';

export interface ReplanCause {
  /** Why, as told in job.replanned and job.cancelled. */
  reason: string;
  /** Non-firm jobs that must move. */
  move?: ReadonlySet<string>;
}

/**
 * An order's plan: the first plan on confirmation, re-plans when jobs are refused or must move,
 * and its compensation on cancellation. Every method runs inside a PlanSession (plan lock held).
 */
@Injectable()
export class OrderPlanning {
  private readonly logger = new Logger(OrderPlanning.name);

  constructor(
    private readonly promises: OrderPromises,
    private readonly clock: Clock,
  ) {}

  /**
   * Confirmed orders (a consumer's run of order.confirmed, in stream order): each planned in turn on
   * the session's plan, its events caused by its own confirmation; the new plans and jobs written
   * together at the end. A second confirmation of the same order (another event id) plans nothing twice.
   * The run's job events are told first, then its orders' order.planned (each order's after its own
   * jobs): a consumer takes them as two runs of one type each, not one run per order.
   */
  async onConfirmed(session: PlanSession, confirmations: Array<BatchItem<Confirmed>>): Promise<void> {
    const manager = session.tx.manager;
    const orderIds = confirmations.map(({ data }) => data.orderId);
    const known = await selectRows(manager, OrderPlanEntity, '"order_id" = ANY($1::text[])', [orderIds], { select: ['orderId'] });
    const seen = new Set(known.map((plan) => plan.orderId));
    const plans: OrderPlanEntity[] = [];
    const jobs: JobEntity[] = [];
    const planned: Array<{ tx: Transaction; facts: OrderPlanned }> = [];
    const write = async () => {
      for (const { tx, facts } of planned.splice(0)) await tx.publish(SchedulingEvents.orderPlanned, facts);
      await insertRows(manager, OrderPlanEntity, plans.splice(0));
      await insertRows(manager, JobEntity, jobs.splice(0));
    };
    let since = performance.now();
    for (const { data: order, tx } of confirmations) {
      // A run of a hundred orders is planned without a pause otherwise: the quotes asked meanwhile
      // (every placement asks one) would wait for all of it. They read the plan between two orders.
      if (performance.now() - since > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
      if (seen.has(order.orderId)) continue;
      seen.add(order.orderId);
      session.tx = tx;
      const plan = newPlan(order);
      const result = planOpenOperations(session.schedule, plan, [], { now: this.clock.nowMs() });
      if (!result.ok) {
        // Rare: the plan as it stood is read back (with what this run wrote) and the order goes on hold the usual way.
        await write();
        await manager.insert(OrderPlanEntity, { ...plan });
        await session.reload();
        await this.planOrder(session, plan, [], { reason: 'order confirmed' });
        continue;
      }
      // A new order: its jobs are all new, nothing of it is superseded or moved.
      for (const job of result.created) {
        await announceNewJob(tx, job);
        session.touch(order.orderId, job.factoryId);
      }
      const facts = this.promises.promise(session, plan, result.created);
      if (facts) planned.push({ tx, facts });
      plans.push(plan);
      jobs.push(...result.created);
    }
    await write();
  }

  /**
   * Compensation of order.confirmed: withdraw every job not yet started and release its capacity.
   * Suppliers grants a cancel only while no job of the order has started, so none should be in
   * progress; should one be, its machine is busy: its capacity stays taken, and the operator is told.
   */
  async onCancelled(session: PlanSession, order: EventDataOf<typeof OrderEvents.cancelled>): Promise<void> {
    const manager = session.tx.manager;
    const plan = await manager.findOneBy(OrderPlanEntity, { orderId: order.orderId });
    if (plan?.status === 'cancelled') return;
    const running = await manager.findBy(JobEntity, { orderId: order.orderId, status: 'in_progress' });
    for (const job of running) {
      this.logger.error(
        `Order ${order.orderId} was cancelled while job ${job.id} is in progress at ${job.factoryId}; its capacity stays taken`,
      );
    }
    const jobs = await manager.findBy(JobEntity, { orderId: order.orderId, status: In(['planned', 'offered', 'accepted']) });
    for (const job of jobs) {
      transition(job, 'cancelled');
      await manager.save(job);
      await announceCancelled(session.tx, job, order.reason ?? 'order cancelled');
      session.touch(job.orderId, job.factoryId);
    }
    session.schedule.remove(jobs.map((job) => job.id));
    const now = new Date();
    if (!plan) {
      // Cancelled before we planned it: remember, so nothing plans it later.
      await manager.insert(OrderPlanEntity, {
        ...{ orderId: order.orderId, customerId: order.customerId, status: 'cancelled', lines: [], dueDate: null },
        ...{ promisedDate: null, holdCode: null, holdReason: null, revision: 1, createdAt: now, updatedAt: now },
      });
      return;
    }
    Object.assign(plan, { status: 'cancelled', revision: plan.revision + 1, updatedAt: now });
    await manager.save(plan);
    session.touch(order.orderId);
    if (jobs.length > 0) await this.promises.capacityFreed(session);
  }

  /**
   * After a completion: when every job of the order is done (no open job, no re-work owed), the order
   * is completed and its jobs leave the live plan. They stay in the jobs table for reporting.
   */
  async finishIfDone(session: PlanSession, orderId: string): Promise<void> {
    const manager = session.tx.manager;
    const plan = await manager.findOneBy(OrderPlanEntity, { orderId });
    if (plan?.status !== 'planned') return;
    if (await manager.existsBy(JobEntity, { orderId, status: In([...openJobStatuses]) })) return;
    Object.assign(plan, { status: 'completed', revision: plan.revision + 1, updatedAt: new Date() });
    await manager.save(plan);
    const done = await manager.find(JobEntity, { where: { orderId, status: 'completed' }, select: { id: true } });
    session.schedule.finishOrder(
      orderId,
      done.map((job) => job.id),
    );
    session.touch(orderId);
  }

  /** Plans whatever operations of the order have no job holding capacity, then keeps the promise up to date. */
  async replan(session: PlanSession, orderId: string, cause: ReplanCause): Promise<void> {
    const manager = session.tx.manager;
    const plan = await manager.findOneBy(OrderPlanEntity, { orderId });
    if (!plan || plan.status === 'cancelled' || plan.status === 'completed') return;
    await this.planOrder(session, plan, await manager.findBy(JobEntity, { orderId }), cause);
  }

  /** replan, given the order's plan and every job it has had. */
  private async planOrder(session: PlanSession, plan: OrderPlanEntity, jobs: JobEntity[], cause: ReplanCause): Promise<void> {
    const { orderId } = plan;
    const manager = session.tx.manager;
    const result = planOpenOperations(session.schedule, plan, jobs, { now: this.clock.nowMs(), move: cause.move });
    if (!result.ok) {
      await session.reload();
      await this.promises.hold(session, plan, result.code, result.reason);
      return;
    }
    for (const old of result.superseded) {
      if (!isWithdrawable(old.status)) continue;
      transition(old, 'cancelled');
      await announceCancelled(session.tx, old, `moved: ${cause.reason}`);
      session.touch(orderId, old.factoryId);
    }
    for (const job of result.created) {
      const predecessor = result.predecessorOf.get(job.id);
      if (predecessor) await announceReplanned(session.tx, predecessor, job.id, cause.reason);
      await announceNewJob(session.tx, job);
      session.touch(orderId, job.factoryId);
    }
    const moved: JobEntity[] = [];
    for (const { job, start, end } of result.rescheduled) {
      if (job.plannedStart.getTime() === start && job.plannedEnd.getTime() === end) continue;
      Object.assign(job, {
        plannedStart: new Date(start),
        plannedEnd: new Date(end),
        revision: job.revision + 1,
        updatedAt: new Date(),
      });
      await announceRescheduled(session.tx, job, cause.reason);
      session.touch(orderId, job.factoryId);
      moved.push(job);
    }
    // New jobs are inserted; jobs that were there (superseded, taken over from, moved) are saved.
    await insertRows(manager, JobEntity, result.created);
    const changed = [...new Set([...result.superseded, ...result.predecessorOf.values(), ...moved])];
    if (changed.length > 0) await manager.save(changed);
    // An order planned for the first time has exactly the jobs just made.
    await this.promises.keepPromise(session, plan, jobs.length === 0 ? result.created : undefined);
  }
}

type Confirmed = EventDataOf<typeof OrderEvents.confirmed>;

/** How long a run of confirmed orders is planned before the quotes waiting meanwhile are answered. */
const YIELD_EVERY_MS = 5;

/** What scheduling keeps of a newly confirmed order, before it is planned. */
function newPlan(order: Confirmed): OrderPlanEntity {
  const now = new Date();
  return Object.assign(new OrderPlanEntity(), {
    orderId: order.orderId,
    customerId: order.customerId,
    status: 'planned' as const,
    lines: order.lines,
    dueDate: order.dueDate ? new Date(order.dueDate) : null,
    promisedDate: null,
    holdCode: null,
    holdReason: null,
    revision: 0,
    createdAt: now,
    updatedAt: now,
  });
}
