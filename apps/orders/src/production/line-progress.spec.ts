import { laterJobStatus, lineProgress } from './line-progress';

describe('line progress', () => {
  it('is zero for a line with no jobs yet', () => {
    expect(lineProgress([])).toEqual({ jobs: 0, completed: 0, percent: 0 });
  });

  it('counts completed jobs and averages the reported percentages', () => {
    expect(
      lineProgress([
        { status: 'completed', percent: 40 },
        { status: 'started', percent: 50 },
        { status: 'planned', percent: 0 },
      ]),
    ).toEqual({ jobs: 3, completed: 1, percent: 50 });
  });

  it('leaves out jobs replaced or cancelled', () => {
    expect(
      lineProgress([
        { status: 'replaced', percent: 0 },
        { status: 'cancelled', percent: 0 },
        { status: 'completed', percent: 100 },
      ]),
    ).toEqual({ jobs: 1, completed: 1, percent: 100 });
  });

  it('never steps a job back, and a superseded job stays superseded', () => {
    expect(laterJobStatus('completed', 'started')).toBe('completed');
    expect(laterJobStatus('planned', 'started')).toBe('started');
    expect(laterJobStatus('started', 'replaced')).toBe('replaced');
    expect(laterJobStatus('replaced', 'completed')).toBe('replaced');
  });
});
