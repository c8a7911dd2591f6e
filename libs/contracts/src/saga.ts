import type { AtelierService } from './access';
import { OrderEvents, OrdersRequests } from './orders';
import { SchedulingEvents } from './scheduling';
import { SupplierEvents, SuppliersRequests } from './suppliers';

/** An event or request a service must handle for a step (or its compensation) to happen. */
export interface SagaHandler {
  service: AtelierService;
  /** An event contract it consumes (`.on(...)`), or a request contract it answers (`.handle(...)`). */
  handles: { type: string } | { subject: string };
}

export interface SagaStep {
  step: number;
  does: string;
  /** Who runs the step, on what. */
  runs: SagaHandler;
  emits: string[];
  compensation: { does: string; by: SagaHandler[] } | { none: string };
}

/**
 * The saga of one order, as code: each step, who runs it on what, and what undoes it with who must
 * handle that (as Temporal's saga sample keeps every compensation next to its step). There is one
 * compensating action, cancel, decided by suppliers (where production starts) and allowed until then;
 * `order.cancelled` makes each service undo its own step. `saga.spec.ts` reads the apps' sources:
 * a step or compensation whose handler is missing fails there.
 */
export const orderSaga: readonly SagaStep[] = [
  {
    step: 1,
    does: 'price the lines against their pinned versions and store the order once per idempotency key (placed)',
    runs: { service: 'orders', handles: OrdersRequests.place },
    emits: [OrderEvents.placed.type],
    compensation: {
      does: 'suppliers closes the order (no job started), then orders marks it cancelled; nothing else exists yet',
      by: [
        { service: 'orders', handles: OrdersRequests.cancel },
        { service: 'suppliers', handles: SuppliersRequests.closeOrder },
        { service: 'orders', handles: SupplierEvents.orderClosed },
      ],
    },
  },
  {
    step: 2,
    does: "confirm the order and hand every line's routing, BOM and due date to scheduling (confirmed | rejected)",
    runs: { service: 'orders', handles: OrderEvents.placed },
    emits: [OrderEvents.confirmed.type, OrderEvents.rejected.type],
    compensation: {
      does: 'scheduling does not plan a cancelled order',
      by: [{ service: 'scheduling', handles: OrderEvents.cancelled }],
    },
  },
  {
    step: 3,
    does: 'plan one job per operation and offer each to its factory',
    runs: { service: 'scheduling', handles: OrderEvents.confirmed },
    emits: [
      SchedulingEvents.jobPlanned.type,
      SchedulingEvents.jobOffered.type,
      SchedulingEvents.orderPlanned.type,
      SchedulingEvents.orderUnplannable.type,
    ],
    compensation: {
      does: 'scheduling cancels every job not started and releases its capacity (job.cancelled)',
      by: [{ service: 'scheduling', handles: OrderEvents.cancelled }],
    },
  },
  {
    step: 4,
    does: 'offer the jobs to suppliers, who accept or reject them before the deadline',
    runs: { service: 'suppliers', handles: SchedulingEvents.jobOffered },
    emits: [SupplierEvents.jobAccepted.type, SupplierEvents.jobRejected.type, SupplierEvents.jobExpired.type],
    compensation: {
      does: 'suppliers withdraws the offers when it closes the order, and any left when scheduling cancels them',
      by: [
        { service: 'suppliers', handles: SuppliersRequests.closeOrder },
        { service: 'suppliers', handles: SchedulingEvents.jobCancelled },
      ],
    },
  },
  {
    step: 5,
    does: 'follow planning and production: scheduled, on_hold, in_production, shipped; per-line progress',
    runs: { service: 'orders', handles: SupplierEvents.jobStarted },
    emits: [
      OrderEvents.scheduled.type,
      OrderEvents.promiseChanged.type,
      OrderEvents.onHold.type,
      OrderEvents.inProduction.type,
      OrderEvents.shipped.type,
    ],
    compensation: {
      none: 'once a supplier has started, suppliers refuses to close the order and cancel answers INVALID_TRANSITION',
    },
  },
];

/** Every handler the saga names, steps and compensations alike. */
export function sagaHandlers(): SagaHandler[] {
  return orderSaga.flatMap((step) => [step.runs, ...('by' in step.compensation ? step.compensation.by : [])]);
}
