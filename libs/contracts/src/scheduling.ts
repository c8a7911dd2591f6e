import { z } from 'zod';
import { bomLineSchema, isoDateTime, routingOperationSchema, selectionsSchema } from './common';
import { defineEvent, defineRequest } from './define';
import { pageQuerySchema, type Page } from './paging';

export const jobStatuses = [
  'planned',
  'offered',
  'accepted',
  'in_progress',
  'completed',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** What the schedule shows unless asked for one status: work not finished yet (completed work only grows). */
export const openJobStatuses = ['planned', 'offered', 'accepted', 'in_progress'] as const satisfies readonly JobStatus[];

export const scheduledOperationViewSchema = z.object({
  jobId: z.string(),
  orderId: z.string(),
  lineId: z.string(),
  operationId: z.string(),
  capability: z.string(),
  factoryId: z.string(),
  workCentre: z.number().int(),
  start: z.string(),
  end: z.string(),
  status: z.enum(jobStatuses),
  firm: z.boolean(),
});
export type ScheduledOperationView = z.infer<typeof scheduledOperationViewSchema>;

/**
 * `GET /v1/admin/schedule`: operations ordered by factory, capability, work centre and start, paged.
 * `from`/`to` keep operations overlapping the window; `status` picks one status instead of the open ones.
 */
export const scheduleQuerySchema = pageQuerySchema.extend({
  factoryId: z.string().min(1).max(200).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  status: z
    .enum(jobStatuses)
    .optional()
    .describe('only jobs in this status; without it, open work (planned, offered, accepted, in_progress)'),
});

/** The longest transfer time the network accepts: 60 days, in minutes. */
export const MAX_TRANSFER_MINUTES = 60 * 24 * 60;

const transferMinutesSchema = z.number().int().min(0).max(MAX_TRANSFER_MINUTES);

/**
 * Elapsed minutes to move work between factories: a default, and the pairs that differ from it.
 * A pair is read in both directions unless its reverse is given too; never within one factory.
 */
export const transferTimesSchema = z
  .object({
    defaultMinutes: transferMinutesSchema,
    pairs: z
      .array(z.object({ fromFactoryId: z.string().min(1), toFactoryId: z.string().min(1), minutes: transferMinutesSchema }))
      .max(10_000),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.pairs.forEach((pair, index) => {
      if (pair.fromFactoryId === pair.toFactoryId) {
        ctx.addIssue({
          code: 'custom',
          path: ['pairs', index],
          message: `A factory has no transfer time to itself (${pair.fromFactoryId})`,
        });
      }
      const key = JSON.stringify([pair.fromFactoryId, pair.toFactoryId]);
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['pairs', index],
          message: `Duplicate pair ${pair.fromFactoryId} → ${pair.toFactoryId}`,
        });
      }
      seen.add(key);
    });
  });
export type TransferTimesBody = z.infer<typeof transferTimesSchema>;

/** The matrix as scheduling holds it: what was last put, its revision and when. */
export const transferTimesViewSchema = z.object({
  defaultMinutes: z.number().int(),
  pairs: z.array(z.object({ fromFactoryId: z.string(), toFactoryId: z.string(), minutes: z.number().int() })),
  revision: z.number().int(),
  updatedAt: z.string(),
});
export type TransferTimesView = z.infer<typeof transferTimesViewSchema>;

export const SchedulingRequests = {
  /** Capable-to-promise: the earliest date the network can promise, changing nothing. */
  quote: defineRequest<{ promisedDate: string | null; reason?: string }>()(
    'scheduling.quote',
    z.object({
      lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int(), routing: z.array(routingOperationSchema) })),
      requestedDate: isoDateTime.optional(),
    }),
  ),
  schedule: defineRequest<Page<ScheduledOperationView>>()('scheduling.schedule', scheduleQuerySchema),
  getTransferTimes: defineRequest<TransferTimesView>()('scheduling.network.transfer-times.get', z.object({})),
  /** Replaces the whole matrix; unknown factory ids answer VALIDATION_FAILED. Non-firm work that no longer fits moves. */
  replaceTransferTimes: defineRequest<TransferTimesView>()('scheduling.network.transfer-times.replace', transferTimesSchema),
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
