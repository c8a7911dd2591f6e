import { AppError } from '@atelier/contracts';
import { assertTransition, canTransition, isActive, isFirm, isWithdrawable } from './job-state';

describe('job state', () => {
  it('allows the supplier path offered → accepted → in_progress → completed', () => {
    expect(canTransition('offered', 'accepted')).toBe(true);
    expect(canTransition('accepted', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'completed')).toBe(true);
  });

  it('lets an offer be refused or time out, but never revives a finished job', () => {
    expect(canTransition('offered', 'rejected')).toBe(true);
    expect(canTransition('offered', 'expired')).toBe(true);
    for (const to of ['offered', 'accepted', 'cancelled'] as const) {
      expect(canTransition('rejected', to)).toBe(false);
      expect(canTransition('completed', to)).toBe(false);
    }
  });

  it('throws INVALID_TRANSITION for anything else', () => {
    expect(() => assertTransition('accepted', 'rejected')).toThrow(AppError);
    try {
      assertTransition('completed', 'cancelled');
    } catch (error) {
      expect((error as AppError).code).toBe('INVALID_TRANSITION');
    }
  });

  it('knows which jobs hold capacity, are firm, or can still be withdrawn', () => {
    expect(isActive('offered') && isActive('completed')).toBe(true);
    expect(isActive('rejected') || isActive('cancelled')).toBe(false);
    expect(isFirm('accepted') && !isFirm('offered')).toBe(true);
    expect(isWithdrawable('offered') && !isWithdrawable('accepted')).toBe(true);
  });
});
