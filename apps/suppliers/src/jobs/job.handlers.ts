import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SchedulingEvents, SuppliersRequests } from '@atelier/contracts';
import { EventConsumers, RequestServer } from '@atelier/messaging';
import { JobOffers } from './job-offers.service';
import { JobService } from './job.service';
import { OrderClosures } from './order-closures.service';

/** Entry points of the jobs feature: the supplier's requests, orders' cancel decisions, and scheduling's offers and cancellations. */
@Injectable()
export class JobHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly consumers: EventConsumers,
    private readonly jobs: JobService,
    private readonly offers: JobOffers,
    private readonly closures: OrderClosures,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SuppliersRequests.listJobs, ({ supplierId, ...filter }) => this.jobs.list(supplierId, filter));
    this.requests.handle(SuppliersRequests.getJob, ({ supplierId, jobId }) => this.jobs.get(supplierId, jobId));
    this.requests.handle(SuppliersRequests.actOnJob, ({ supplierId, jobId, act }, ctx) =>
      this.jobs.act(supplierId, jobId, act, ctx),
    );
    this.requests.handle(SuppliersRequests.closeOrder, ({ orderId, reason }, ctx) => this.closures.close(orderId, reason, ctx));
    // One consumer for all three, so nothing about a job is handled before its offer; the jobs of
    // different orders side by side (each takes its order's gate and applies reschedulings by revision).
    this.consumers
      .consume('job-offers', 'SCHEDULING')
      .perOrder(4)
      .onBatch(SchedulingEvents.jobOffered, (offers) => this.offers.onOffered(offers))
      .on(SchedulingEvents.jobCancelled, (cancelled, { tx }) => this.offers.onCancelled(cancelled, tx))
      .on(SchedulingEvents.jobRescheduled, (moved, { tx, envelope }) => this.offers.onRescheduled(moved, tx, envelope.aggregateVersion));
  }
}
