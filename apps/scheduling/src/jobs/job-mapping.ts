import type { JobData, ScheduledOperationView } from '@atelier/contracts';
import type { PlannedOperation } from '@atelier/scheduling-engine';
import type { JobEntity } from './job.entity';

/**
 * Re-work repeats its operation's routing step: to the engine it sits between that step and the
 * next one of the line, so the next step waits for it.
 */
export const REWORK_SEQUENCE_OFFSET = 0.5;

/** The engine knows a job as an operation whose id is the job id. */
export function toPlannedOperation(job: JobEntity): PlannedOperation {
  return {
    operationId: job.id,
    orderId: job.orderId,
    lineId: job.lineId,
    sequence: job.reworkOf ? job.sequence + REWORK_SEQUENCE_OFFSET : job.sequence,
    capability: job.capability,
    durationMinutes: job.durationMinutes,
    factoryId: job.factoryId,
    workCentre: job.workCentre,
    start: job.plannedStart.getTime(),
    end: job.plannedEnd.getTime(),
    firm: job.firm,
  };
}

/** The job as the contract describes it in scheduling's and suppliers' events. */
export function toJobData(job: JobEntity): JobData {
  return {
    jobId: job.id,
    orderId: job.orderId,
    lineId: job.lineId,
    productId: job.productId,
    version: job.productVersion,
    operationId: job.operationId,
    sequence: job.sequence,
    capability: job.capability,
    ...(job.description ? { description: job.description } : {}),
    quantity: job.quantity,
    durationMinutes: job.durationMinutes,
    factoryId: job.factoryId,
    supplierId: job.supplierId,
    workCentre: job.workCentre,
    plannedStart: job.plannedStart.toISOString(),
    plannedEnd: job.plannedEnd.toISOString(),
    isLastOperation: job.isLastOperation,
    ...(job.reworkOf ? { reworkOf: job.reworkOf } : {}),
  };
}

export function toScheduledOperationView(job: JobEntity): ScheduledOperationView {
  return {
    jobId: job.id,
    orderId: job.orderId,
    lineId: job.lineId,
    operationId: job.operationId,
    capability: job.capability,
    factoryId: job.factoryId,
    workCentre: job.workCentre,
    start: job.plannedStart.toISOString(),
    end: job.plannedEnd.toISOString(),
    status: job.status,
    firm: job.firm,
  };
}
