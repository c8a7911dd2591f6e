import { Injectable, Logger } from '@nestjs/common';
import { isUuid, OrderEvents, SchedulingEvents, SupplierEvents, type EventDataOf } from '@atelier/contracts';
import type { BatchItem, Transaction } from '@atelier/messaging';
import { OrderLineEntity } from '../orders/order-line.entity';
import { OrderEntity } from '../orders/order.entity';
import { canTransition } from '../orders/order-state';
import { appendTimeline, changeEachOrder, changeOrder, lockOrder, lockOrders } from '../orders/order-store';
import type { LineJobStatus } from '../production/line-job.entity';
import { ProductionService } from '../production/production.service';

type JobReport = EventDataOf<typeof SupplierEvents.jobStarted> & { scrapQuantity?: number };
type Shipment = EventDataOf<typeof SupplierEvents.shipmentDispatched>;
type JobPlanned = EventDataOf<typeof SchedulingEvents.jobPlanned>;
type OrderPlanned = EventDataOf<typeof SchedulingEvents.orderPlanned>;

/**
 * Step 7 of the saga: the order follows what scheduling plans and suppliers report. Events come
 * from two streams with no order between them, and may come late: every handler checks the
 * order's state and ignores what no longer applies, and `advance` catches up on what came early.
 */
@Injectable()
export class OrderTrackingService {
  private readonly logger = new Logger(OrderTrackingService.name);

  constructor(private readonly production: ProductionService) {}

  async onPlanned(
    { orderId, promisedDate, jobIds }: EventDataOf<typeof SchedulingEvents.orderPlanned>,
    tx: Transaction,
    revision: number,
  ) {
    let order = await lockOrder(tx.manager, orderId);
    if (!order || !this.isNewerPlan(order, revision, 'order.planned')) return;
    await this.production.recordPlannedJobs(tx.manager, orderId, jobIds);
    const { previous, promise, moved, kept, notes } = plannedOutcome(order, promisedDate);
    if (order.status === 'confirmed' || order.status === 'on_hold') {
      // Scheduled, and the promise moved if it did: one change of the row, each told in its own event.
      const before = order.version;
      order = await changeOrder(
        tx.manager,
        order,
        { status: 'scheduled', statusReason: null, promisedDate: promise, planRevision: revision },
        notes,
      );
      await tx.publish(OrderEvents.scheduled, {
        aggregateId: orderId,
        aggregateVersion: before + 1,
        data: { ...ref(order), promisedDate: kept.toISOString() },
      });
      if (moved) await this.publishPromiseMoved(tx, order, previous);
    } else if ((order.status === 'scheduled' || order.status === 'in_production') && moved) {
      order = await this.movePromise(tx, order, previous, promise, revision);
    } else {
      await tx.manager.update(OrderEntity, { id: order.id }, { planRevision: revision });
      order.planRevision = revision;
    }
    await this.advance(tx, order);
  }

  /**
   * order.planned of several orders (a consumer's run, one transaction): the usual case — a
   * confirmed or held order now scheduled, seen once in the run — written together: one lock, one
   * insert of their jobs, one statement for their rows and timelines, one look at whether
   * production started. Each order's events are its own event's (its causation), as in onPlanned;
   * every other case (an order twice in the run, an old revision, one already scheduled or in
   * production) is handled by onPlanned, one by one, after them.
   */
  async onPlannedRun(items: Array<BatchItem<OrderPlanned>>) {
    const { manager } = items[0].tx; // one database transaction for the run
    const orders = await lockOrders(
      manager,
      items.map(({ data }) => data.orderId),
    );
    const times = new Map<string, number>();
    for (const { data } of items) times.set(data.orderId, (times.get(data.orderId) ?? 0) + 1);
    const together: typeof items = [];
    const alone: typeof items = [];
    for (const item of items) {
      const order = orders.get(item.data.orderId);
      const usual =
        order !== undefined &&
        times.get(item.data.orderId) === 1 &&
        item.envelope.aggregateVersion > order.planRevision &&
        (order.status === 'confirmed' || order.status === 'on_hold');
      (usual ? together : alone).push(item);
    }
    await this.production.recordPlannedJobsOfOrders(
      manager,
      together.map(({ data }) => data),
    );
    const scheduled = together.map(({ data, envelope }) => {
      const order = orders.get(data.orderId)!;
      const outcome = plannedOutcome(order, data.promisedDate);
      const change = {
        status: 'scheduled' as const,
        statusReason: null,
        promisedDate: outcome.promise,
        planRevision: envelope.aggregateVersion,
      };
      return { order, change, ...outcome };
    });
    const changed = await changeEachOrder(manager, scheduled);
    const started = await this.production.productionStartedOf(
      manager,
      changed.map((order) => order.id),
    );
    for (const [i, { tx }] of together.entries()) {
      const { order, previous, kept, moved } = scheduled[i];
      await tx.publish(OrderEvents.scheduled, {
        aggregateId: order.id,
        aggregateVersion: order.version + 1,
        data: { ...ref(order), promisedDate: kept.toISOString() },
      });
      if (moved) await this.publishPromiseMoved(tx, changed[i], previous);
      if (started.has(order.id)) await this.advance(tx, changed[i]);
    }
    for (const { data, tx, envelope } of alone) await this.onPlanned(data, tx, envelope.aggregateVersion);
  }

  /**
   * Scheduling numbers each plan of an order  /**
   * Scheduling numbers each plan of an order (the events' aggregateVersion). Redelivered or handled
   * concurrently, an older plan can arrive after a newer one; applied, it would put a scheduled order
   * back on hold or an old promise back. Only a newer revision is applied, and it is remembered.
   */
  private isNewerPlan(order: OrderEntity, revision: number, what: string): boolean {
    if (revision > order.planRevision) return true;
    this.logger.log(`${what} revision ${revision} of order ${order.id} ignored: revision ${order.planRevision} is applied`);
    return false;
  }

  /** The promise moved under plan `revision`: a new version of the order, a timeline entry and `order.promise-changed`. */
  private async movePromise(
    tx: Transaction,
    order: OrderEntity,
    previous: Date | null,
    promise: Date,
    revision: number,
  ): Promise<OrderEntity> {
    // scheduled → scheduled is in the state table; while in production the status stays and only the promise moves.
    const change = order.status === 'scheduled' ? { status: 'scheduled' as const } : {};
    const moved = await changeOrder(
      tx.manager,
      order,
      { ...change, promisedDate: promise, planRevision: revision },
      promiseNote(previous, promise),
    );
    await this.publishPromiseMoved(tx, moved, previous);
    return moved;
  }

  /** `order.promise-changed` of the order's last change (its version). */
  private async publishPromiseMoved(tx: Transaction, order: OrderEntity, previous: Date | null): Promise<void> {
    await tx.publish(OrderEvents.promiseChanged, {
      aggregateId: order.id,
      aggregateVersion: order.version,
      data: {
        ...ref(order),
        previousPromisedDate: previous?.toISOString() ?? null,
        promisedDate: order.promisedDate!.toISOString(),
      },
    });
  }

  async onUnplannable(
    { orderId, reason }: EventDataOf<typeof SchedulingEvents.orderUnplannable>,
    tx: Transaction,
    revision: number,
  ) {
    const order = await lockOrder(tx.manager, orderId);
    if (!order || !this.isNewerPlan(order, revision, 'order.unplannable')) return;
    if (!canTransition(order.status, 'on_hold') || order.status === 'on_hold') {
      await tx.manager.update(OrderEntity, { id: order.id }, { planRevision: revision });
      return;
    }
    const held = await changeOrder(
      tx.manager,
      order,
      { status: 'on_hold', statusReason: reason, planRevision: revision },
      {
        type: 'on-hold',
        message: `On hold: ${reason}. It will be planned as soon as capacity appears.`,
      },
    );
    await tx.publish(OrderEvents.onHold, {
      aggregateId: orderId,
      aggregateVersion: held.version,
      data: { ...ref(held), reason },
    });
  }

  /** job.planned of several jobs (a consumer's run), each with its line: recorded together. */
  async onJobsPlanned(items: Array<BatchItem<JobPlanned>>) {
    const { manager } = items[0].tx; // one database transaction for the run
    const orders = await lockOrders(
      manager,
      items.map(({ data }) => data.orderId),
    );
    const ours = items.filter(({ data }) => orders.has(data.orderId));
    await this.production.recordPlannedJobsFacts(
      manager,
      ours.map(({ data }) => data),
    );
    // A re-work job learnt late may be the last thing a shipped line was waiting for (see onJobScheduled).
    for (const order of orders.values()) {
      if (order.status !== 'in_production') continue;
      const last = ours.filter(({ data }) => data.orderId === order.id).at(-1)!;
      await this.advance(last.tx, order);
    }
  }

  /** Scheduling's job bookkeeping: planned (with its line), replaced by a re-planned job, cancelled. */
  async onJobScheduled(
    facts: { jobId: string; orderId: string; lineId?: string; isLastOperation?: boolean; reworkOf?: string },
    status: LineJobStatus,
    tx: Transaction,
  ) {
    const order = await lockOrder(tx.manager, facts.orderId);
    if (!order) return;
    await this.production.recordJob(tx.manager, facts, status);
    // A re-work job learnt late may be the last thing a shipped line was waiting for; a planned,
    // replaced or cancelled job starts nothing, so there is nothing else to catch up on.
    if (order.status === 'in_production') await this.advance(tx, order);
  }

  /** A supplier's report on a job: started, progressed (percent) or completed. */
  async onJobReported(report: JobReport, status: LineJobStatus, tx: Transaction, percent?: number) {
    const order = await lockOrder(tx.manager, report.orderId);
    if (!order || this.closedBeforeProduction(order, `job ${report.jobId} ${status}`)) return;
    await this.production.recordJob(tx.manager, report, status, percent);
    if (status === 'completed') {
      const line = await this.lineNumber(tx, report.orderId, report.lineId);
      await appendTimeline(tx.manager, order.id, {
        type: 'operation-completed',
        message: `Operation ${report.operationId}${line ? ` of line ${line}` : ''} completed`,
      });
    }
    await this.advance(tx, order);
  }

  /** `dispatchedAt`: when the supplier sent the notice (its event's time), which orders an order's shipments. */
  async onShipment(shipment: Shipment, tx: Transaction, dispatchedAt: Date) {
    // Lock in a fixed order: two shipping notices for the same orders never wait on each other in a cycle.
    const orderIds = [...new Set(shipment.jobs.map((j) => j.orderId))].sort();
    for (const orderId of orderIds) {
      const order = await lockOrder(tx.manager, orderId);
      if (!order || this.closedBeforeProduction(order, `shipment ${shipment.shipmentId}`)) continue;
      const lineIds = await this.production.recordShipment(tx.manager, orderId, shipment, dispatchedAt);
      for (const lineId of lineIds) {
        await appendTimeline(tx.manager, orderId, {
          type: 'line-shipped',
          message: `Line ${await this.lineNumber(tx, orderId, lineId)} shipped with ${shipment.carrier} (tracking ${shipment.trackingNumber})`,
        });
      }
      await this.advance(tx, order);
    }
  }

  /**
   * A supplier reported work on an order that was cancelled or rejected: the cancel crossed a start
   * report in flight. The customer's order stays as it is; the operator is told, loudly.
   */
  private closedBeforeProduction(order: OrderEntity, what: string): boolean {
    if (order.status !== 'cancelled' && order.status !== 'rejected') return false;
    this.logger.warn(`Order ${order.id} is ${order.status} but a supplier reported ${what}: the supplier must be told to stop`);
    return true;
  }

  /** Catches the status up with production: a started job means in production, every line shipped means shipped. */
  private async advance(tx: Transaction, order: OrderEntity): Promise<OrderEntity> {
    if (order.status === 'scheduled' && (await this.production.productionStarted(tx.manager, order.id))) {
      order = await changeOrder(
        tx.manager,
        order,
        { status: 'in_production' },
        { type: 'in-production', message: 'Production has started' },
      );
      await tx.publish(OrderEvents.inProduction, { aggregateId: order.id, aggregateVersion: order.version, data: ref(order) });
    }
    if (order.status === 'in_production' && (await this.production.allLinesShipped(tx.manager, order.id))) {
      const shipments = await this.production.shipmentsOf(tx.manager, order.id);
      order = await changeOrder(tx.manager, order, { status: 'shipped' }, { type: 'shipped', message: 'Every line has shipped' });
      await tx.publish(OrderEvents.shipped, {
        aggregateId: order.id,
        aggregateVersion: order.version,
        data: { ...ref(order), shipments },
      });
    }
    return order;
  }

  private async lineNumber(tx: Transaction, orderId: string, lineId: string): Promise<number | null> {
    if (!isUuid(lineId)) return null;
    const line = await tx.manager.findOne(OrderLineEntity, { where: { id: lineId, orderId } });
    return line ? line.position + 1 : null;
  }
}

/**
 * What a plan means for an order: a promise is kept — a plan that finishes earlier leaves the
 * customer's date as it is, one that finishes later moves it, and the customer hears so. `notes`
 * are the timeline entries of scheduling a confirmed or held order under it (its promise, if moved).
 */
function plannedOutcome(order: OrderEntity, promisedDate: string) {
  const previous = order.promisedDate;
  const planned = new Date(promisedDate);
  const promise = previous && previous.getTime() >= planned.getTime() ? previous : planned;
  const moved = previous !== null && previous.getTime() !== promise.getTime();
  const kept = previous ?? promise;
  const scheduled = { type: 'scheduled', message: `Production planned; delivery promised for ${kept.toISOString()}` };
  const notes = moved ? [scheduled, promiseNote(previous, promise, 'production is planned to finish then')] : [scheduled];
  return { previous, promise, moved, kept, notes };
}

function promiseNote(previous: Date | null, promise: Date, why?: string) {
  return {
    type: 'promise-changed',
    message: `Delivery promise moved from ${previous?.toISOString() ?? 'none'} to ${promise.toISOString()}${why ? `: ${why}` : ''}`,
  };
}

function ref(order: OrderEntity) {
  return { orderId: order.id, customerId: order.customerId };
}
