import { Controller } from '@nestjs/common';
import { SupplierEvents, type EventDataOf } from '@atelier/contracts';
import { OnEvent, type EventContext } from '@atelier/messaging';
import { JobProgress } from './job-progress.service';
import { NetworkProjection } from '../network/network.service';
import { PlanStore } from '../plan/plan-store';

type Data<E> = EventDataOf<E>;

/**
 * The durable consumer of SUPPLIERS events: one, shared by the replicas, so each replica handles what it
 * pulls in stream order but two replicas' events can commit in either order (job reports apply monotonically).
 */
const supplierPlanning = { consumer: 'supplier-planning' };

/**
 * SUPPLIERS events: the network (factories, calendars) and what suppliers did with their jobs.
 * A factory is known before any job event about it: its jobs were offered only once it was.
 */
@Controller()
export class SupplierEventHandlers {
  constructor(
    private readonly store: PlanStore,
    private readonly network: NetworkProjection,
    private readonly jobs: JobProgress,
  ) {}

  private get inPlan(): PlanStore['change'] {
    return this.store.change.bind(this.store);
  }

  @OnEvent(SupplierEvents.factoryRegistered, supplierPlanning)
  async factoryRegistered(data: Data<typeof SupplierEvents.factoryRegistered>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.network.onFactoryChanged(s, data));
  }

  @OnEvent(SupplierEvents.calendarChanged, supplierPlanning)
  async calendarChanged(data: Data<typeof SupplierEvents.calendarChanged>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.network.onFactoryChanged(s, data));
  }

  @OnEvent(SupplierEvents.jobAccepted, supplierPlanning)
  async jobAccepted(data: Data<typeof SupplierEvents.jobAccepted>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.jobs.advance(s, data.jobId, 'accepted'));
  }

  @OnEvent(SupplierEvents.jobStarted, supplierPlanning)
  async jobStarted(data: Data<typeof SupplierEvents.jobStarted>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.jobs.advance(s, data.jobId, 'in_progress'));
  }

  @OnEvent(SupplierEvents.jobCompleted, supplierPlanning)
  async jobCompleted(data: Data<typeof SupplierEvents.jobCompleted>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.jobs.complete(s, data.jobId, data.scrapQuantity));
  }

  @OnEvent(SupplierEvents.jobRejected, supplierPlanning)
  async jobRejected(data: Data<typeof SupplierEvents.jobRejected>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.jobs.refuse(s, data.jobId, 'rejected', `rejected: ${data.reason}`));
  }

  @OnEvent(SupplierEvents.jobExpired, supplierPlanning)
  async jobExpired(data: Data<typeof SupplierEvents.jobExpired>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.jobs.refuse(s, data.jobId, 'expired', 'offer expired'));
  }

  @OnEvent(SupplierEvents.jobDelayed, supplierPlanning)
  async jobDelayed(data: Data<typeof SupplierEvents.jobDelayed>, { tx }: EventContext): Promise<void> {
    await this.inPlan(tx, (s) => this.jobs.delay(s, data.jobId, data.newEnd));
  }
}
