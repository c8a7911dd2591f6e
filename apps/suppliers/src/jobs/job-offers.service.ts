import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SchedulingEvents, SupplierEvents, type EventDataOf, type EventEnvelope } from '@atelier/contracts';
import { runInLogContext, UnitOfWork, type BatchItem, type Transaction } from '@atelier/messaging';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SUPPLIERS_SETTINGS, type SuppliersSettings } from '../suppliers-settings';
import { canMove, nextStatus } from './job-state';
import { JobEntity, jobRef } from './job.entity';
import { Clock, insertRows, selectRows } from '@atelier/platform';
import { OrderClosures } from './order-closures.service';
import { OfferDeadlines } from './offer-deadlines';
import { WithdrawnJobEntity } from './withdrawn-job.entity';

type JobOffered = EventDataOf<typeof SchedulingEvents.jobOffered>;
type JobCancelled = EventDataOf<typeof SchedulingEvents.jobCancelled>;
type JobRescheduled = EventDataOf<typeof SchedulingEvents.jobRescheduled>;

/** Planned times scheduling may still move: the supplier has not started yet. */
const reschedulable = new Set(['offered', 'accepted']);

/**
 * The offer's life as scheduling and the clock drive it: offered with a deadline, withdrawn when
 * scheduling cancels the job, expired when nobody answered in time. Event handlers run in the
 * consumer's transaction (with its inbox row) and tolerate events for jobs already further on.
 */
@Injectable()
export class JobOffers {
  private readonly logger = new Logger(JobOffers.name);

  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    @Inject(SUPPLIERS_SETTINGS) private readonly settings: SuppliersSettings,
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: OfferDeadlines,
    private readonly closures: OrderClosures,
    private readonly clock: Clock,
  ) {}

  /**
   * Offers stored together (a consumer's run of job.offered events): each order's gate taken, in
   * one order whatever the run; offers of closed orders and of jobs withdrawn before their offer
   * came are ignored; the rest inserted in one statement. The same job offered again under another
   * event id is already here and changes nothing.
   */
  async onOffered(items: Array<BatchItem<JobOffered>>): Promise<void> {
    const tx = items[0].tx; // one database transaction for the run; each item's own tx only for what it publishes
    const orderIds = [...new Set(items.map(({ data }) => data.orderId))];
    // The gates first (isClosed takes them): an order's cancellation, or its close, may be handled right now elsewhere.
    const closed = await this.closures.closedOf(tx, orderIds);
    const jobIds = items.map(({ data }) => data.jobId);
    const withdrawn = new Set(
      (await selectRows(tx.manager, WithdrawnJobEntity, '"job_id" = ANY($1::text[])', [jobIds], { select: ['jobId'] })).map(
        (row) => row.jobId,
      ),
    );
    const now = this.clock.now();
    const offerDeadline = new Date(now.getTime() + this.settings.offerTimeoutSeconds * 1_000);
    const rows = new Map<string, QueryDeepPartialEntity<JobEntity>>();
    for (const { data: offer, envelope } of items) {
      if (closed.has(offer.orderId)) {
        this.logger.warn(`Offer of job ${offer.jobId} ignored: its order ${offer.orderId} was cancelled`);
      } else if (withdrawn.has(offer.jobId)) {
        this.logger.warn(`Offer of job ${offer.jobId} ignored: scheduling cancelled that job before its offer arrived`);
      } else if (!rows.has(offer.jobId)) {
        rows.set(offer.jobId, offerRow(offer, envelope, offerDeadline, now));
      }
    }
    if (rows.size === 0) return;
    const inserted = await insertRows(tx.manager, JobEntity, [...rows.values()], { orIgnore: true, returning: ['job_id'] });
    const armed = inserted.map((row) => String(row.job_id));
    // Armed after the commit and not awaited: Redis down must not hold up the consumer. The deadline
    // is in the row; should Redis never get it, the sweep expires the offer (OfferSweep).
    const offered = new Map(
      items.map(({ data, envelope }) => [
        data.jobId,
        { jobId: data.jobId, orderId: data.orderId, correlationId: envelope.correlationId },
      ]),
    );
    const expiries = armed.map((jobId) => offered.get(jobId)!);
    if (expiries.length > 0) tx.afterCommit(() => void this.deadlines.armAll(expiries, offerDeadline));
    for (const { jobId, orderId } of expiries)
      this.logger.debug(`Job ${jobId} of order ${orderId} offered until ${offerDeadline.toISOString()}`);
  }

  /** Scheduling cancelled the job (its order was cancelled): the offer or accepted job is withdrawn. */
  async onCancelled(cancelled: JobCancelled, tx: Transaction): Promise<void> {
    // Its offer may be handled at this very moment by another replica: they take turns on the order's gate.
    await this.closures.lock(tx, cancelled.orderId);
    const job = await tx.manager.findOne(JobEntity, { where: { jobId: cancelled.jobId }, lock: { mode: 'pessimistic_write' } });
    if (!job) {
      // Its offer may still come (a dead letter replayed, a redelivery): the tombstone keeps it from reviving the job.
      this.logger.warn(`Job ${cancelled.jobId} cancelled before it was ever offered here; its offer will be ignored`);
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(WithdrawnJobEntity)
        .values({ jobId: cancelled.jobId, reason: cancelled.reason, withdrawnAt: new Date() })
        .orIgnore()
        .execute();
      return;
    }
    if (!canMove(job.status, 'cancel')) {
      this.logger.warn(`Job ${job.jobId} is ${job.status}; its cancellation changes nothing here`);
      return;
    }
    const wasOffered = job.status === 'offered';
    job.status = nextStatus(job.status, 'cancel');
    job.statusReason = cancelled.reason;
    job.rowVersion += 1;
    job.updatedAt = new Date();
    await tx.manager.save(job);
    // Withdrawn after the commit, best effort: a deadline left behind finds the offer cancelled.
    if (wasOffered) tx.afterCommit(() => void this.deadlines.withdraw(job.jobId));
  }

  /**
   * Scheduling moved the job in time at the same factory and work centre: the offer stands (its
   * deadline too), with the new planned start and end. Once started, the supplier's times rule.
   * Reschedulings may arrive out of order (two replicas, a redelivery): only one newer than what was
   * applied (scheduling's revision of the job) counts.
   */
  async onRescheduled(moved: JobRescheduled, tx: Transaction, revision: number): Promise<void> {
    const job = await tx.manager.findOne(JobEntity, { where: { jobId: moved.jobId }, lock: { mode: 'pessimistic_write' } });
    if (!job && !(await tx.manager.findOne(WithdrawnJobEntity, { where: { jobId: moved.jobId } }))) {
      // Ahead of its offer (another replica is storing it, or it comes later): not dropped, delivered again shortly.
      throw new Error(`Rescheduling of job ${moved.jobId} arrived before its offer; it is delivered again`);
    }
    if (!job || job.factoryId !== moved.factoryId || !reschedulable.has(job.status)) {
      this.logger.warn(
        `Rescheduling of job ${moved.jobId} ignored: ${job ? `it is ${job.status} at ${job.factoryId}` : 'unknown job'}`,
      );
      return;
    }
    if (revision <= job.scheduleRevision) return; // an older plan of the job, delivered after a newer one
    job.scheduleRevision = revision;
    job.plannedStart = new Date(moved.plannedStart);
    job.plannedEnd = new Date(moved.plannedEnd);
    job.workCentre = moved.workCentre;
    job.rowVersion += 1;
    job.updatedAt = new Date();
    await tx.manager.save(job);
  }

  /**
   * The deadline fired (its expiry job, or the sweep): an offer nobody answered expires, and
   * scheduling re-plans it elsewhere. Whether it expired it.
   */
  async expire(jobId: string): Promise<boolean> {
    const seen = await this.jobs.findOne({ where: { jobId } });
    if (!seen || seen.status !== 'offered') return false;
    const context = { correlationId: seen.correlationId, orderId: seen.orderId };
    return runInLogContext(context, () =>
      this.unitOfWork.run({ correlationId: seen.correlationId, causationId: null }, async (tx) => {
        const job = await tx.manager.findOne(JobEntity, { where: { jobId }, lock: { mode: 'pessimistic_write' } });
        if (!job || !canMove(job.status, 'expire')) return false; // answered meanwhile
        job.status = nextStatus(job.status, 'expire');
        job.rowVersion += 1;
        job.updatedAt = new Date();
        await tx.manager.save(job);
        await tx.publish(SupplierEvents.jobExpired, {
          aggregateId: job.jobId,
          aggregateVersion: job.rowVersion,
          data: jobRef(job),
        });
        this.logger.log(`Offer of job ${jobId} expired unanswered`);
        return true;
      }),
    );
  }

  /**
   * Arms the deadline of every open offer again (after a restart, or a Redis that lost its data).
   * Stops at the first failure (Redis is down): the sweep expires those offers meanwhile.
   */
  async rearmDeadlines(): Promise<void> {
    const open = await this.jobs.find({
      where: { status: 'offered' },
      select: { jobId: true, orderId: true, correlationId: true, offerDeadline: true },
    });
    try {
      for (const { jobId, orderId, correlationId, offerDeadline } of open) {
        await this.deadlines.schedule({ jobId, orderId, correlationId }, offerDeadline ?? new Date());
      }
    } catch (error) {
      this.logger.warn(`Offer deadlines not re-armed, the sweep will expire those offers: ${(error as Error).message}`);
    }
  }

  /** Open offers whose deadline passed (their expiry job failed or was lost), oldest first. */
  async overdueOffers(limit: number): Promise<string[]> {
    const rows = await this.jobs
      .createQueryBuilder('job')
      .select('job.jobId', 'jobId')
      .where("job.status = 'offered' AND job.offerDeadline < :now", { now: this.clock.now() })
      .orderBy('job.offerDeadline', 'ASC')
      .limit(limit)
      .getRawMany<{ jobId: string }>();
    return rows.map((row) => row.jobId);
  }
}

function offerRow(offer: JobOffered, envelope: EventEnvelope, offerDeadline: Date, now: Date): QueryDeepPartialEntity<JobEntity> {
  return {
    jobId: offer.jobId,
    supplierId: offer.supplierId,
    factoryId: offer.factoryId,
    orderId: offer.orderId,
    lineId: offer.lineId,
    productId: offer.productId,
    productVersion: offer.version,
    operationId: offer.operationId,
    sequence: offer.sequence,
    capability: offer.capability,
    description: offer.description ?? null,
    quantity: offer.quantity,
    durationMinutes: offer.durationMinutes,
    workCentre: offer.workCentre,
    plannedStart: new Date(offer.plannedStart),
    plannedEnd: new Date(offer.plannedEnd),
    isLastOperation: offer.isLastOperation,
    selections: offer.selections,
    bom: offer.bom,
    status: 'offered',
    offerDeadline,
    progressPercent: 0,
    goodQuantity: null,
    scrapQuantity: null,
    statusReason: null,
    shipmentId: null,
    correlationId: envelope.correlationId,
    scheduleRevision: envelope.aggregateVersion,
    rowVersion: 1,
    updatedAt: now,
  };
}
