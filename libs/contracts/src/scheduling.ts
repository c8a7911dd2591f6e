import { z } from 'zod';
import { bomLineSchema, isoDateTime, routingOperationSchema, selectionsSchema } from './common';
import { defineEvent, defineRequest } from './define';

export interface ScheduledOperationView {
  jobId: string;
  orderId: string;
  lineId: string;
  operationId: string;
  capability: string;
  factoryId: string;
  workCentre: number;
  start: string;
  end: string;
  status: string;
  firm: boolean;
}

export const SchedulingRequests = {
  /** Capable-to-promise: the earliest date the network can promise, changing nothing. */
  quote: defineRequest<{ promisedDate: string | null; reason?: string }>()(
    'scheduling.quote',
    z.object({
      lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int(), routing: z.array(routingOperationSchema) })),
      requestedDate: isoDateTime.optional(),
    }),
  ),
  schedule: defineRequest<{ operations: ScheduledOperationView[] }>()(
    'scheduling.schedule',
    z.object({ factoryId: z.string().optional(), from: isoDateTime.optional(), to: isoDateTime.optional() }),
  ),
};

/** A production job: one routing operation of one order line, at one factory. Carries the line's pinned model version. */
export const jobSchema = z.object({
  jobId: z.string(),
  orderId: z.string(),
  lineId: z.string(),
  productId: z.string(),
  version: z.number().int(),
  operationId: z.string(),
  sequence: z.number().int(),
  capability: z.string(),
  description: z.string().optional(),
  quantity: z.number().int(),
  durationMinutes: z.number(),
  factoryId: z.string(),
  supplierId: z.string(),
  workCentre: z.number().int(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  isLastOperation: z.boolean(),
  /** Set on re-work: the job whose scrapped quantity this job makes again (same operation, quantity = the scrap). */
  reworkOf: z.string().optional(),
});
export type JobData = z.infer<typeof jobSchema>;

export const SchedulingEvents = {
  jobPlanned: defineEvent('SCHEDULING', 'scheduling.events.job.planned', 1, jobSchema),
  jobOffered: defineEvent(
    'SCHEDULING',
    'scheduling.events.job.offered',
    1,
    jobSchema.extend({ selections: selectionsSchema, bom: z.array(bomLineSchema) }),
  ),
  jobReplanned: defineEvent(
    'SCHEDULING',
    'scheduling.events.job.replanned',
    1,
    z.object({ jobId: z.string(), orderId: z.string(), replacedBy: z.string(), reason: z.string() }),
  ),
  /** The job keeps its factory and work centre, only its planned time moved (no new offer). */
  jobRescheduled: defineEvent(
    'SCHEDULING',
    'scheduling.events.job.rescheduled',
    1,
    z.object({
      jobId: z.string(),
      orderId: z.string(),
      supplierId: z.string(),
      factoryId: z.string(),
      workCentre: z.number().int(),
      plannedStart: z.string(),
      plannedEnd: z.string(),
      reason: z.string(),
    }),
  ),
  jobCancelled: defineEvent(
    'SCHEDULING',
    'scheduling.events.job.cancelled',
    1,
    z.object({ jobId: z.string(), orderId: z.string(), supplierId: z.string(), reason: z.string() }),
  ),
  orderPlanned: defineEvent(
    'SCHEDULING',
    'scheduling.events.order.planned',
    1,
    z.object({ orderId: z.string(), promisedDate: z.string(), jobIds: z.array(z.string()) }),
  ),
  orderUnplannable: defineEvent(
    'SCHEDULING',
    'scheduling.events.order.unplannable',
    1,
    z.object({ orderId: z.string(), code: z.string(), reason: z.string() }),
  ),
  planChanged: defineEvent(
    'SCHEDULING',
    'scheduling.events.plan.changed',
    1,
    z.object({ orderIds: z.array(z.string()), factoryIds: z.array(z.string()) }),
  ),
};
