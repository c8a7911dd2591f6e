import { SchedulingEvents } from '@atelier/contracts';
import type { Transaction } from '@atelier/messaging';
import { toJobData } from './job-mapping';
import type { JobEntity } from './job.entity';

/** The events that tell suppliers (and anyone listening) about a job, in the order they happen. */
export async function announceNewJob(tx: Transaction, job: JobEntity): Promise<void> {
  const data = toJobData(job);
  await tx.publish(SchedulingEvents.jobPlanned, { aggregateId: job.id, aggregateVersion: 1, data });
  await tx.publish(SchedulingEvents.jobOffered, {
    aggregateId: job.id,
    aggregateVersion: 2,
    data: { ...data, selections: job.selections, bom: job.bom },
  });
  job.revision = 2;
}

export async function announceReplanned(tx: Transaction, old: JobEntity, replacedBy: string, reason: string): Promise<void> {
  old.replacedBy = replacedBy;
  old.revision += 1;
  await tx.publish(SchedulingEvents.jobReplanned, {
    aggregateId: old.id,
    aggregateVersion: old.revision,
    data: { jobId: old.id, orderId: old.orderId, replacedBy, reason },
  });
}

export async function announceCancelled(tx: Transaction, job: JobEntity, reason: string): Promise<void> {
  await tx.publish(SchedulingEvents.jobCancelled, {
    aggregateId: job.id,
    aggregateVersion: job.revision,
    data: { jobId: job.id, orderId: job.orderId, supplierId: job.supplierId, reason },
  });
}

/** The job stays at its factory and work centre; only its planned time moved (the offer stands). */
export async function announceRescheduled(tx: Transaction, job: JobEntity, reason: string): Promise<void> {
  await tx.publish(SchedulingEvents.jobRescheduled, {
    aggregateId: job.id,
    aggregateVersion: job.revision,
    data: {
      jobId: job.id,
      orderId: job.orderId,
      supplierId: job.supplierId,
      factoryId: job.factoryId,
      workCentre: job.workCentre,
      plannedStart: job.plannedStart.toISOString(),
      plannedEnd: job.plannedEnd.toISOString(),
      reason,
    },
  });
}
