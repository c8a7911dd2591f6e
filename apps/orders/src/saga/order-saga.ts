import type { OrderStatus } from '@atelier/contracts';

// The saga's steps, compensations and who handles them are code in @atelier/contracts (saga.ts),
// checked against the apps' sources by saga.spec.ts.

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
