import { AppError, orderStatuses, type OrderStatus } from '@atelier/contracts';
import { assertTransition, canTransition, isCancellable } from './order-state';

describe('order state machine', () => {
  const allowed: Array<[OrderStatus, OrderStatus]> = [
    ['placed', 'confirmed'],
    ['placed', 'rejected'],
    ['placed', 'cancelled'],
    ['confirmed', 'scheduled'],
    ['confirmed', 'on_hold'],
    ['confirmed', 'cancelled'],
    ['scheduled', 'in_production'],
    ['scheduled', 'on_hold'],
    ['scheduled', 'cancelled'],
    ['scheduled', 'scheduled'],
    ['on_hold', 'scheduled'],
    ['on_hold', 'cancelled'],
    ['in_production', 'shipped'],
    ['in_production', 'on_hold'],
  ];

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('refuses every other pair with INVALID_TRANSITION', () => {
    const key = (from: string, to: string) => `${from}>${to}`;
    const permitted = new Set(allowed.map(([from, to]) => key(from, to)));
    for (const from of orderStatuses) {
      for (const to of orderStatuses) {
        if (permitted.has(key(from, to))) continue;
        expect(canTransition(from, to)).toBe(false);
        let thrown: unknown;
        try {
          assertTransition(from, to);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(AppError);
        expect((thrown as AppError).code).toBe('INVALID_TRANSITION');
      }
    }
  });

  it('lets a customer cancel only until production starts', () => {
    expect(orderStatuses.filter(isCancellable).sort()).toEqual(['confirmed', 'on_hold', 'placed', 'scheduled']);
  });

  it('has no way out of the final states', () => {
    for (const final of ['shipped', 'rejected', 'cancelled'] as const) {
      expect(orderStatuses.some((to) => canTransition(final, to))).toBe(false);
    }
  });
});
