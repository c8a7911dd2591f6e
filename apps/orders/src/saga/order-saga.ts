import type { OrderStatus } from '@atelier/contracts';

/**
 * The saga of one order: each step, who runs it, and what undoes it (as Temporal's saga sample
 * keeps every compensation next to its step). Orders runs steps 1, 2 and 7; scheduling and
 * suppliers run theirs by reacting to our events. There is a single compensating action, cancel,
 * allowed until production starts; `order.cancelled` makes each service undo its own step.
 */
export interface SagaStep {
  step: number;
  by: 'orders' | 'scheduling' | 'suppliers';
  does: string;
  emits: string[];
  compensation: string;
}

export const orderSaga: readonly SagaStep[] = [
  {
    step: 1,
    by: 'orders',
    does: 'price the lines against their pinned versions and store the order once per idempotency key (placed)',
    emits: ['order.placed'],
    compensation: 'the order is kept and marked cancelled; nothing else exists yet',
  },
  {
    step: 2,
    by: 'orders',
    does: "confirm the order and hand every line's routing, BOM and due date to scheduling (confirmed | rejected)",
    emits: ['order.confirmed', 'order.rejected'],
    compensation: 'scheduling does not plan a cancelled order',
  },
  {
    step: 3,
    by: 'scheduling',
    does: 'plan one job per operation and offer each to its factory',
    emits: ['job.planned', 'job.offered', 'order.planned', 'order.unplannable'],
    compensation: 'scheduling cancels every job not completed and releases its capacity (job.cancelled)',
  },
  {
    step: 4,
    by: 'suppliers',
    does: 'offer the jobs to suppliers, who accept or reject them before the deadline',
    emits: ['job.accepted', 'job.rejected', 'job.expired'],
    compensation: 'suppliers withdraw the offers (cancelled) and drop their expiry timers',
  },
  {
    step: 7,
    by: 'orders',
    does: 'follow planning and production: scheduled, on_hold, in_production, shipped; per-line progress',
    emits: ['order.scheduled', 'order.promise-changed', 'order.on-hold', 'order.in-production', 'order.shipped'],
    compensation: 'none: once a supplier has started, cancel is refused (INVALID_TRANSITION)',
  },
];

/** What cancelling undoes, by how far the order got: told to the customer on the timeline. */
export function compensationOf(status: OrderStatus): string {
  switch (status) {
    case 'placed':
      return 'Nothing was planned yet.';
    case 'confirmed':
    case 'on_hold':
      return 'Scheduling stops planning it.';
    case 'scheduled':
      return 'The planned capacity is released and the offers to suppliers are withdrawn.';
    default:
      return 'Nothing can be undone.';
  }
}
