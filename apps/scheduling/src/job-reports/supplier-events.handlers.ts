import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SupplierEvents } from '@atelier/contracts';
import { EventConsumers } from '@atelier/messaging';
import { JobProgress } from './job-progress.service';
import { NetworkProjection } from '../network/network.service';
import { PlanStore } from '../plan/plan-store';

/**
 * SUPPLIERS events: the network (factories, calendars) and what suppliers did with their jobs.
 * One consumer, so a factory is known before any job event about it.
 */
@Injectable()
export class SupplierEventHandlers implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly store: PlanStore,
    private readonly network: NetworkProjection,
    private readonly jobs: JobProgress,
  ) {}

  onModuleInit(): void {
    const inPlan = this.store.change.bind(this.store);
    this.consumers
      .consume('supplier-planning', 'SUPPLIERS')
      .on(SupplierEvents.factoryRegistered, (data, { tx }) => inPlan(tx, (s) => this.network.onFactoryChanged(s, data)))
      .on(SupplierEvents.calendarChanged, (data, { tx }) => inPlan(tx, (s) => this.network.onFactoryChanged(s, data)))
      .on(SupplierEvents.jobAccepted, (data, { tx }) => inPlan(tx, (s) => this.jobs.advance(s, data.jobId, 'accepted')))
      .on(SupplierEvents.jobStarted, (data, { tx }) => inPlan(tx, (s) => this.jobs.advance(s, data.jobId, 'in_progress')))
      .on(SupplierEvents.jobCompleted, (data, { tx }) => inPlan(tx, (s) => this.jobs.complete(s, data.jobId, data.scrapQuantity)))
      .on(SupplierEvents.jobRejected, (data, { tx }) =>
        inPlan(tx, (s) => this.jobs.refuse(s, data.jobId, 'rejected', `rejected: ${data.reason}`)),
      )
      .on(SupplierEvents.jobExpired, (data, { tx }) =>
        inPlan(tx, (s) => this.jobs.refuse(s, data.jobId, 'expired', 'offer expired')),
      )
      .on(SupplierEvents.jobDelayed, (data, { tx }) => inPlan(tx, (s) => this.jobs.delay(s, data.jobId, data.newEnd)));
  }
}
