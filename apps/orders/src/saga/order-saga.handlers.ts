import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OrderEvents, SchedulingEvents, SupplierEvents } from '@atelier/contracts';
import { EventConsumers } from '@atelier/messaging';
import { OrderSagaService } from './order-saga.service';
import { OrderTrackingService } from './order-tracking.service';

/**
 * The saga's event entry points: one durable consumer per stream, so the events of a stream are
 * handled in their order (a job is planned before its order is). Each handler runs in one
 * transaction with its inbox row.
 */
/** Events of different orders handled at once per consumer (each holds a database connection while it runs). */
const EVENTS_AT_ONCE = 4;

@Injectable()
export class OrderSagaHandlers implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly saga: OrderSagaService,
    private readonly tracking: OrderTrackingService,
  ) {}

  onModuleInit(): void {
    // Each handler locks its order and applies events by version: orders are handled side by side.
    this.consumers
      .consume('order-saga', 'ORDERS')
      .perOrder(EVENTS_AT_ONCE)
      .onBatch(OrderEvents.placed, (placed) => this.saga.confirm(placed));

    this.consumers
      .consume('scheduling-events', 'SCHEDULING')
      .perOrder(EVENTS_AT_ONCE)
      .onBatch(SchedulingEvents.jobPlanned, (jobs) => this.tracking.onJobsPlanned(jobs))
      .on(SchedulingEvents.jobReplanned, (job, { tx }) => this.tracking.onJobScheduled(job, 'replaced', tx))
      .on(SchedulingEvents.jobCancelled, (job, { tx }) => this.tracking.onJobScheduled(job, 'cancelled', tx))
      .on(SchedulingEvents.orderPlanned, (data, { tx, envelope }) => this.tracking.onPlanned(data, tx, envelope.aggregateVersion))
      .on(SchedulingEvents.orderUnplannable, (data, { tx, envelope }) => this.tracking.onUnplannable(data, tx, envelope.aggregateVersion));

    this.consumers
      .consume('supplier-events', 'SUPPLIERS')
      .perOrder(EVENTS_AT_ONCE)
      .on(SupplierEvents.jobStarted, (job, { tx }) => this.tracking.onJobReported(job, 'started', tx))
      .on(SupplierEvents.jobProgressed, (job, { tx }) => this.tracking.onJobReported(job, 'started', tx, job.percent))
      .on(SupplierEvents.jobCompleted, (job, { tx }) => this.tracking.onJobReported(job, 'completed', tx))
      .on(SupplierEvents.shipmentDispatched, (shipment, { tx, envelope }) => this.tracking.onShipment(shipment, tx, new Date(envelope.occurredAt)))
      .on(SupplierEvents.orderClosed, (closed, { tx }) => this.saga.onClosed(closed, tx));
  }
}
