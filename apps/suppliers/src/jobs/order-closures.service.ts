import { Injectable, Logger } from '@nestjs/common';
import { AppError, SupplierEvents } from '@atelier/contracts';
import { UnitOfWork, type Causation, type Transaction } from '@atelier/messaging';
import { selectRows } from '@atelier/platform';
import { ClosedOrderEntity } from './closed-order.entity';
import { nextStatus } from './job-state';
import { JobEntity } from './job.entity';
import { OfferDeadlines } from './offer-deadlines';

/** A job of an order in one of these statuses means production has started: the order can no longer be cancelled. */
const producing = ['in_progress', 'completed'] as const;
/** What closing an order withdraws. */
const withdrawable = ['offered', 'accepted'] as const;

/**
 * Whether an order may still be cancelled is decided here, where production starts: suppliers is the
 * first to know. Closing and every supplier action lock the same job rows, and closing and a new
 * offer take the same per-order advisory lock, so exactly one of "cancel" and "start" wins:
 * a start committed first makes the close refuse; a close committed first has withdrawn every job
 * of the order (a start then answers 409) and makes a later offer of it ignored.
 */
@Injectable()
export class OrderClosures {
  private readonly logger = new Logger(OrderClosures.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: OfferDeadlines,
  ) {}

  /** Granted once and then again on every retry; INVALID_TRANSITION once production has started. */
  async close(orderId: string, reason: string | null, causation: Causation): Promise<{ orderId: string; closed: true }> {
    const withdrawn = await this.unitOfWork.run(causation, async (tx) => {
      await lockOrderGate(tx, orderId);
      if (await tx.manager.findOne(ClosedOrderEntity, { where: { orderId } })) return [];
      // Locked, so a start in flight is waited for and then seen: READ COMMITTED re-reads a row it waited on.
      const jobs = await tx.manager.find(JobEntity, { where: { orderId }, lock: { mode: 'pessimistic_write' } });
      const started = jobs.find((job) => (producing as readonly string[]).includes(job.status));
      if (started) {
        throw new AppError('INVALID_TRANSITION', 'Production has started: the order can no longer be cancelled', {
          from: 'in_production',
          to: 'cancelled',
        });
      }
      await tx.manager.insert(ClosedOrderEntity, { orderId, reason, closedAt: new Date() });
      const open = jobs.filter((job) => (withdrawable as readonly string[]).includes(job.status));
      if (open.length > 0) {
        const now = new Date();
        for (const job of open) {
          job.status = nextStatus(job.status, 'cancel');
          job.statusReason = reason ? `Order cancelled: ${reason}` : 'Order cancelled';
          job.rowVersion += 1;
          job.updatedAt = now;
        }
        await tx.manager.save(open);
      }
      await tx.publish(SupplierEvents.orderClosed, { aggregateId: orderId, aggregateVersion: 1, data: { orderId, reason } });
      return open.map((job) => job.jobId);
    });
    // After the commit, best effort: a deadline left behind finds its offer cancelled.
    for (const jobId of withdrawn) await this.deadlines.withdraw(jobId);
    if (withdrawn.length > 0) this.logger.log(`Order ${orderId} closed; ${withdrawn.length} job(s) withdrawn`);
    return { orderId, closed: true };
  }

  /**
   * Holds the order's gate until the transaction ends: closing the order, storing an offer of it and
   * withdrawing a job of it take turns, whichever replica handles them (an offer and its cancellation
   * handled at once by two replicas would otherwise both miss each other, and the job would revive).
   */
  lock(tx: Transaction, orderId: string): Promise<void> {
    return lockOrderGate(tx, orderId);
  }

  /**
   * The orders whose cancel was granted, of those given: an offer of them arriving now is not
   * stored. Takes their gates, in one fixed order (two runs of offers never wait on each other in a cycle).
   */
  async closedOf(tx: Transaction, orderIds: string[]): Promise<Set<string>> {
    const sorted = [...new Set(orderIds)].sort();
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('suppliers:order:' || id)) FROM unnest($1::text[]) AS id ORDER BY id`,
      [sorted],
    );
    const closed = await selectRows(tx.manager, ClosedOrderEntity, '"order_id" = ANY($1::text[])', [sorted], {
      select: ['orderId'],
    });
    return new Set(closed.map((row) => row.orderId));
  }
}

/** Serialises closing an order with storing a new offer of it, until the transaction ends. */
async function lockOrderGate(tx: Transaction, orderId: string): Promise<void> {
  await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`suppliers:order:${orderId}`]);
}
