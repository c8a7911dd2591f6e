import { AppError, jobStatuses, type JobStatus } from '@atelier/contracts';
import { canMove, nextStatus, type JobMove } from './job-state';

const moves: JobMove[] = ['accept', 'reject', 'start', 'progress', 'delay', 'complete', 'expire', 'cancel'];

/** The brief's table, written out independently of the implementation (progress only once work has started). */
const allowed: Array<[JobStatus, JobMove, JobStatus]> = [
  ['offered', 'accept', 'accepted'],
  ['offered', 'reject', 'rejected'],
  ['offered', 'expire', 'expired'],
  ['offered', 'cancel', 'cancelled'],
  ['accepted', 'start', 'in_progress'],
  ['accepted', 'cancel', 'cancelled'],
  ['accepted', 'delay', 'accepted'],
  ['in_progress', 'complete', 'completed'],
  ['in_progress', 'progress', 'in_progress'],
  ['in_progress', 'delay', 'in_progress'],
];

describe('job state machine', () => {
  it.each(allowed)('%s --%s--> %s', (from, move, to) => {
    expect(canMove(from, move)).toBe(true);
    expect(nextStatus(from, move)).toBe(to);
  });

  const forbidden = jobStatuses.flatMap((from) =>
    moves.filter((move) => !allowed.some(([f, m]) => f === from && m === move)).map((move): [JobStatus, JobMove] => [from, move]),
  );

  it.each(forbidden)('%s refuses %s with INVALID_TRANSITION', (from, move) => {
    expect(canMove(from, move)).toBe(false);
    let thrown: unknown;
    try {
      nextStatus(from, move);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('INVALID_TRANSITION');
    expect((thrown as AppError).status).toBe(409);
    expect((thrown as AppError).details).toEqual({ status: from, action: move });
  });

  it('ends in the terminal states', () => {
    for (const terminal of ['completed', 'rejected', 'expired', 'cancelled'] as const) {
      expect(moves.some((move) => canMove(terminal, move))).toBe(false);
    }
  });

  it('covers the whole table (8 statuses x 8 moves)', () => {
    expect(allowed.length + forbidden.length).toBe(jobStatuses.length * moves.length);
  });
});
