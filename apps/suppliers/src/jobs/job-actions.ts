import { AppError, SupplierEvents, type JobAction } from '@atelier/contracts';
import type { Transaction } from '@atelier/messaging';
import { jobRef, type JobEntity } from './job.entity';

/**
 * The same action again on a job it already moved, as a client repeats a request whose answer was
 * lost: accepting an accepted job, starting a started one, rejecting a rejected one for the same
 * reason, completing a completed one with the same quantities. It answers the job as it is and
 * changes nothing. Anything else that the status does not allow stays INVALID_TRANSITION.
 */
export function isRepeat(job: JobEntity, act: JobAction): boolean {
  switch (act.action) {
    case 'accept':
      return job.status === 'accepted';
    case 'start':
      return job.status === 'in_progress';
    case 'reject':
      return job.status === 'rejected' && job.statusReason === act.reason;
    case 'complete':
      return (
        job.status === 'completed' && job.goodQuantity === act.goodQuantity && job.scrapQuantity === (act.scrapQuantity ?? 0)
      );
    default:
      return false;
  }
}

/** Writes what a supplier reported onto the job (its status has already moved). */
export function recordReport(job: JobEntity, act: JobAction): void {
  switch (act.action) {
    case 'reject':
      job.statusReason = act.reason;
      return;
    case 'progress':
      job.progressPercent = act.percent;
      return;
    case 'delay': {
      const newEnd = new Date(act.newEnd);
      if (newEnd.getTime() <= job.plannedStart.getTime()) {
        throw new AppError('VALIDATION_FAILED', 'The new end must be after the planned start', [
          { path: 'newEnd', message: `must be after ${job.plannedStart.toISOString()}` },
        ]);
      }
      job.plannedEnd = newEnd;
      job.statusReason = act.reason;
      return;
    }
    case 'complete': {
      // Every unit made is either good or scrap: a short or inflated count would ship an order short or plan phantom re-work.
      const accounted = act.goodQuantity + (act.scrapQuantity ?? 0);
      if (accounted !== job.quantity) {
        throw new AppError('VALIDATION_FAILED', `Good and scrap quantities must add up to the job's quantity (${job.quantity})`, [
          { path: 'goodQuantity', message: `good ${act.goodQuantity} + scrap ${act.scrapQuantity ?? 0} = ${accounted}` },
        ]);
      }
      job.goodQuantity = act.goodQuantity;
      job.scrapQuantity = act.scrapQuantity ?? 0;
      job.progressPercent = 100;
      return;
    }
    case 'accept':
    case 'start':
      return;
  }
}

/** The event each supplier action emits, recorded in the action's transaction. */
export async function publishReport(tx: Transaction, job: JobEntity, act: JobAction): Promise<void> {
  const facts = { aggregateId: job.jobId, aggregateVersion: job.rowVersion };
  const ref = jobRef(job);
  switch (act.action) {
    case 'accept':
      await tx.publish(SupplierEvents.jobAccepted, { ...facts, data: ref });
      return;
    case 'reject':
      await tx.publish(SupplierEvents.jobRejected, { ...facts, data: { ...ref, reason: act.reason } });
      return;
    case 'start':
      await tx.publish(SupplierEvents.jobStarted, { ...facts, data: ref });
      return;
    case 'progress':
      await tx.publish(SupplierEvents.jobProgressed, {
        ...facts,
        data: { ...ref, percent: act.percent, ...(act.note === undefined ? {} : { note: act.note }) },
      });
      return;
    case 'delay':
      await tx.publish(SupplierEvents.jobDelayed, { ...facts, data: { ...ref, newEnd: act.newEnd, reason: act.reason } });
      return;
    case 'complete':
      await tx.publish(SupplierEvents.jobCompleted, {
        ...facts,
        data: { ...ref, goodQuantity: job.goodQuantity ?? 0, scrapQuantity: job.scrapQuantity ?? 0 },
      });
      return;
  }
}
