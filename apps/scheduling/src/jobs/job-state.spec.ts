import { AppError } from '@atelier/contracts';
import type { JobStatus } from '@atelier/contracts';
import fc from 'fast-check';
import { applyReport, assertTransition, canTransition, isActive, isFirm, isWithdrawable, reportedStatus } from './job-state';

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

describe("a supplier's reports applied in any order", () => {
  const lifecycle = ['accepted', 'in_progress', 'completed'] as const;
  /** Applies reports as the consumer does: a report that does not apply is ignored. */
  const replay = (reports: readonly JobStatus[]) => {
    const job = { status: 'offered' as JobStatus, firm: false, revision: 1, updatedAt: new Date(0) };
    for (const to of reports) if (reportedStatus(job.status, to) !== null) applyReport(job, to);
    return job;
  };

  it('ends where the furthest report says, however the reports are shuffled or repeated', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: lifecycle.length }),
        fc.array(fc.nat({ max: 2 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (reached, repeats, seed) => {
          // The reports of a job that got as far as lifecycle[reached - 1], each delivered 1–3 times, in a random order.
          const reports = lifecycle.slice(0, reached).flatMap((to, i) => Array.from({ length: 1 + repeats[i] }, () => to));
          const shuffled = reports
            .map((to, i) => ({ to, key: (seed * 7919 + i * 104729) % 1_000_003 }))
            .sort((a, b) => a.key - b.key)
            .map(({ to }) => to);
          const job = replay(shuffled);
          expect(job.status).toBe(lifecycle[reached - 1]);
          expect(job.firm).toBe(true);
          // Same as the reports delivered once each, in order (the revision counts the reports applied, so may differ).
          const inOrder = replay(reports.filter((to, i) => reports.indexOf(to) === i));
          expect([job.status, job.firm]).toEqual([inOrder.status, inOrder.firm]);
        },
      ),
    );
  });

  it('goes straight to a later status, never back, and never past a refusal or a cancel', () => {
    expect(reportedStatus('offered', 'completed')).toBe('completed');
    expect(reportedStatus('accepted', 'completed')).toBe('completed');
    expect(reportedStatus('completed', 'in_progress')).toBeNull();
    expect(reportedStatus('in_progress', 'accepted')).toBeNull();
    for (const from of ['rejected', 'expired', 'cancelled'] as const) {
      for (const to of lifecycle) expect(reportedStatus(from, to)).toBeNull();
    }
    expect(reportedStatus('accepted', 'rejected')).toBeNull();
  });
});
