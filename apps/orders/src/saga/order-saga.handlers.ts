import { Controller } from '@nestjs/common';
import { OrderEvents, SchedulingEvents, SupplierEvents, type EventDataOf } from '@atelier/contracts';
import { OnEvent, type BatchItem, type EventContext } from '@atelier/messaging';
import { OrderSagaService } from './order-saga.service';
import { OrderTrackingService } from './order-tracking.service';

/**
 * The saga's event entry points: one durable consumer per stream, so the events of a stream are
 * handled in their order (a job is planned before its order is). Each handler runs in one
 * transaction with its inbox row. Each handler locks its order and applies events by version:
 * orders are handled side by side, EVENTS_AT_ONCE at a time per consumer (each holds a database
 * connection while it runs).
 */
const EVENTS_AT_ONCE = 4;
const saga = { consumer: 'order-saga', perOrder: EVENTS_AT_ONCE };
const scheduling = { consumer: 'scheduling-events', perOrder: EVENTS_AT_ONCE };
const suppliers = { consumer: 'supplier-events', perOrder: EVENTS_AT_ONCE };

type Data<E> = EventDataOf<E>;

@Controller()
export class OrderSagaHandlers {
  constructor(
    private readonly saga: OrderSagaService,
    private readonly tracking: OrderTrackingService,
  ) {}

  @OnEvent(OrderEvents.placed, { ...saga, batch: true })
  async placed(placed: Array<BatchItem<Data<typeof OrderEvents.placed>>>): Promise<void> {
    await this.saga.confirm(placed);
  }

  @OnEvent(SchedulingEvents.jobPlanned, { ...scheduling, batch: true })
  async jobsPlanned(jobs: Array<BatchItem<Data<typeof SchedulingEvents.jobPlanned>>>): Promise<void> {
    await this.tracking.onJobsPlanned(jobs);
  }

  @OnEvent(SchedulingEvents.jobReplanned, scheduling)
  async jobReplanned(job: Data<typeof SchedulingEvents.jobReplanned>, { tx }: EventContext): Promise<void> {
    await this.tracking.onJobScheduled(job, 'replaced', tx);
  }

  @OnEvent(SchedulingEvents.jobCancelled, scheduling)
  async jobCancelled(job: Data<typeof SchedulingEvents.jobCancelled>, { tx }: EventContext): Promise<void> {
    await this.tracking.onJobScheduled(job, 'cancelled', tx);
  }

  @OnEvent(SchedulingEvents.orderPlanned, { ...scheduling, batch: true })
  async ordersPlanned(planned: Array<BatchItem<Data<typeof SchedulingEvents.orderPlanned>>>): Promise<void> {
    await this.tracking.onPlannedRun(planned);
  }

  @OnEvent(SchedulingEvents.orderUnplannable, scheduling)
  async orderUnplannable(data: Data<typeof SchedulingEvents.orderUnplannable>, { tx, envelope }: EventContext): Promise<void> {
    await this.tracking.onUnplannable(data, tx, envelope.aggregateVersion);
  }

  @OnEvent(SupplierEvents.jobStarted, suppliers)
  async jobStarted(job: Data<typeof SupplierEvents.jobStarted>, { tx }: EventContext): Promise<void> {
    await this.tracking.onJobReported(job, 'started', tx);
  }

  @OnEvent(SupplierEvents.jobProgressed, suppliers)
  async jobProgressed(job: Data<typeof SupplierEvents.jobProgressed>, { tx }: EventContext): Promise<void> {
    await this.tracking.onJobReported(job, 'started', tx, job.percent);
  }

  @OnEvent(SupplierEvents.jobCompleted, suppliers)
  async jobCompleted(job: Data<typeof SupplierEvents.jobCompleted>, { tx }: EventContext): Promise<void> {
    await this.tracking.onJobReported(job, 'completed', tx);
  }

  @OnEvent(SupplierEvents.shipmentDispatched, suppliers)
  async shipmentDispatched(
    shipment: Data<typeof SupplierEvents.shipmentDispatched>,
    { tx, envelope }: EventContext,
  ): Promise<void> {
    await this.tracking.onShipment(shipment, tx, new Date(envelope.occurredAt));
  }

  @OnEvent(SupplierEvents.orderClosed, suppliers)
  async orderClosed(closed: Data<typeof SupplierEvents.orderClosed>, { tx }: EventContext): Promise<void> {
    await this.saga.onClosed(closed, tx);
  }
}
