import { Controller } from '@nestjs/common';
import { SchedulingEvents, SuppliersRequests, type EventDataOf, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, OnEvent, type BatchItem, type EventContext, type RequestContext } from '@atelier/messaging';
import { JobOffers } from './job-offers.service';
import { JobService } from './job.service';
import { OrderClosures } from './order-closures.service';

const { listJobs, getJob, actOnJob, closeOrder } = SuppliersRequests;
/**
 * One consumer for scheduling's offers, cancellations and reschedulings, so nothing about a job is
 * handled before its offer; the jobs of different orders side by side (each takes its order's gate
 * and applies reschedulings by revision).
 */
const jobOffers = { consumer: 'job-offers', perOrder: 4 };

/** Entry points of the jobs feature: the supplier's requests, orders' cancel decisions, and scheduling's offers and cancellations. */
@Controller()
export class JobHandlers {
  constructor(
    private readonly jobs: JobService,
    private readonly offers: JobOffers,
    private readonly closures: OrderClosures,
  ) {}

  @Handles(listJobs)
  listJobs({ supplierId, ...filter }: RequestOf<typeof listJobs>): Promise<ReplyOf<typeof listJobs>> {
    return this.jobs.list(supplierId, filter);
  }

  @Handles(getJob)
  getJob({ supplierId, jobId }: RequestOf<typeof getJob>): Promise<ReplyOf<typeof getJob>> {
    return this.jobs.get(supplierId, jobId);
  }

  @Handles(actOnJob)
  actOnJob({ supplierId, jobId, act }: RequestOf<typeof actOnJob>, ctx: RequestContext): Promise<ReplyOf<typeof actOnJob>> {
    return this.jobs.act(supplierId, jobId, act, ctx);
  }

  @Handles(closeOrder)
  closeOrder({ orderId, reason }: RequestOf<typeof closeOrder>, ctx: RequestContext): Promise<ReplyOf<typeof closeOrder>> {
    return this.closures.close(orderId, reason, ctx);
  }

  @OnEvent(SchedulingEvents.jobOffered, { ...jobOffers, batch: true })
  async jobsOffered(offers: Array<BatchItem<EventDataOf<typeof SchedulingEvents.jobOffered>>>): Promise<void> {
    await this.offers.onOffered(offers);
  }

  @OnEvent(SchedulingEvents.jobCancelled, jobOffers)
  async jobCancelled(cancelled: EventDataOf<typeof SchedulingEvents.jobCancelled>, { tx }: EventContext): Promise<void> {
    await this.offers.onCancelled(cancelled, tx);
  }

  @OnEvent(SchedulingEvents.jobRescheduled, jobOffers)
  async jobRescheduled(
    moved: EventDataOf<typeof SchedulingEvents.jobRescheduled>,
    { tx, envelope }: EventContext,
  ): Promise<void> {
    await this.offers.onRescheduled(moved, tx, envelope.aggregateVersion);
  }
}
