import { AppError, type OrderStatus } from '@atelier/contracts';

/**
 * The order state machine: the only allowed status changes (API.md "Order status").
 * `scheduled → scheduled` is a promise that moved. Anything else is INVALID_TRANSITION.
 */
const allowedTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['confirmed', 'rejected', 'cancelled'],
  confirmed: ['scheduled', 'on_hold', 'cancelled'],
  scheduled: ['in_production', 'on_hold', 'cancelled', 'scheduled'],
  on_hold: ['scheduled', 'cancelled'],
  // Re-work (or the rest of the order) that cannot be planned now holds a running order too; it goes
  // on (scheduled, then in production again) when capacity appears. Cancel stays refused once started.
  in_production: ['shipped', 'on_hold'],
  shipped: [],
  rejected: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return allowedTransitions[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('INVALID_TRANSITION', `An order cannot go from ${from} to ${to}`, { from, to });
  }
}

/** Production has not started yet: the order can still be cancelled (PRODUCT.md "Cancel"). */
export function isCancellable(status: OrderStatus): boolean {
  return canTransition(status, 'cancelled');
}
