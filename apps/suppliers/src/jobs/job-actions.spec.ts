import { AppError } from '@atelier/contracts';
import { isRepeat, recordReport } from './job-actions';
import type { JobEntity } from './job.entity';

function job(): JobEntity {
  return {
    quantity: 3,
    plannedStart: new Date('2026-12-01T08:00:00Z'),
    plannedEnd: new Date('2026-12-01T10:00:00Z'),
    progressPercent: 0,
    goodQuantity: null,
    scrapQuantity: null,
    statusReason: null,
  } as JobEntity;
}

describe('recording a supplier report', () => {
  it('moves the planned end on a delay and keeps the reason', () => {
    const delayed = job();
    recordReport(delayed, { action: 'delay', newEnd: '2026-12-02T10:00:00+01:00', reason: 'machine down' });
    expect(delayed.plannedEnd.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(delayed.statusReason).toBe('machine down');
  });

  it('refuses a new end that is not after the planned start', () => {
    expect(() => recordReport(job(), { action: 'delay', newEnd: '2026-12-01T08:00:00Z', reason: 'x' })).toThrow(AppError);
  });

  it('records completion with its quantities, scrap defaulting to none', () => {
    const completed = job();
    recordReport(completed, { action: 'complete', goodQuantity: 3 });
    expect(completed).toMatchObject({ goodQuantity: 3, scrapQuantity: 0, progressPercent: 100 });
  });

  it('refuses a completion whose good and scrap quantities do not add up to the job', () => {
    for (const [goodQuantity, scrapQuantity] of [
      [2, 0],
      [3, 1],
      [0, 100_000],
    ]) {
      const untouched = job();
      expect(() => recordReport(untouched, { action: 'complete', goodQuantity, scrapQuantity })).toThrow(
        /add up to the job's quantity \(3\)/,
      );
      expect(untouched.goodQuantity).toBeNull();
    }
    const split = job();
    recordReport(split, { action: 'complete', goodQuantity: 2, scrapQuantity: 1 });
    expect(split).toMatchObject({ goodQuantity: 2, scrapQuantity: 1 });
  });

  it('records progress and a rejection reason', () => {
    const reported = job();
    recordReport(reported, { action: 'progress', percent: 55 });
    recordReport(reported, { action: 'reject', reason: 'no capacity' });
    expect(reported).toMatchObject({ progressPercent: 55, statusReason: 'no capacity' });
  });
});

describe('a repeated supplier action', () => {
  const as = (status: JobEntity['status'], extra: Partial<JobEntity> = {}) => ({ ...job(), status, ...extra }) as JobEntity;

  it('is the same action on a job it already moved, with the same facts', () => {
    expect(isRepeat(as('accepted'), { action: 'accept' })).toBe(true);
    expect(isRepeat(as('in_progress'), { action: 'start' })).toBe(true);
    expect(isRepeat(as('rejected', { statusReason: 'no capacity' }), { action: 'reject', reason: 'no capacity' })).toBe(true);
    expect(
      isRepeat(as('completed', { goodQuantity: 2, scrapQuantity: 1 }), { action: 'complete', goodQuantity: 2, scrapQuantity: 1 }),
    ).toBe(true);
    expect(isRepeat(as('completed', { goodQuantity: 3, scrapQuantity: 0 }), { action: 'complete', goodQuantity: 3 })).toBe(true);
  });

  it('is not a repeat when the facts differ or the job moved elsewhere, so the state machine answers', () => {
    expect(isRepeat(as('offered'), { action: 'accept' })).toBe(false);
    expect(isRepeat(as('cancelled'), { action: 'accept' })).toBe(false);
    expect(isRepeat(as('in_progress'), { action: 'accept' })).toBe(false);
    expect(isRepeat(as('accepted'), { action: 'start' })).toBe(false);
    expect(isRepeat(as('rejected', { statusReason: 'no capacity' }), { action: 'reject', reason: 'other' })).toBe(false);
    expect(isRepeat(as('completed', { goodQuantity: 2, scrapQuantity: 1 }), { action: 'complete', goodQuantity: 3 })).toBe(false);
    expect(isRepeat(as('in_progress'), { action: 'progress', percent: 10 })).toBe(false);
    expect(isRepeat(as('accepted'), { action: 'delay', newEnd: '2026-12-03T00:00:00Z', reason: 'x' })).toBe(false);
  });
});
