import { WorkingTime } from '../calendar/working-time';
import { WorkCentreTimeline } from './work-centre-timeline';

const alwaysOpen = new WorkingTime({ timeZone: 'UTC', workingHours: [], closures: [] });

describe('WorkCentreTimeline', () => {
  it('finds the first gap long enough after the ready time', () => {
    const timeline = new WorkCentreTimeline();
    timeline.book({ operationId: 'a', start: 0, end: 10 });
    timeline.book({ operationId: 'b', start: 15, end: 30 });
    expect(timeline.earliestSlot(0, 5, alwaysOpen, 1000)).toEqual({ start: 10, end: 15 });
    expect(timeline.earliestSlot(0, 6, alwaysOpen, 1000)).toEqual({ start: 30, end: 36 });
    expect(timeline.earliestSlot(0, 6, alwaysOpen, 20)).toBeUndefined();
  });

  it('stays correct once a conflict left two bookings overlapping', () => {
    const timeline = new WorkCentreTimeline();
    timeline.book({ operationId: 'long', start: 0, end: 100 });
    timeline.book({ operationId: 'short', start: 10, end: 20 });
    expect(timeline.earliestSlot(50, 5, alwaysOpen, 1000)).toEqual({ start: 100, end: 105 });
    expect(timeline.isFree(30, 40)).toBe(false);
  });

  it('releases exactly the booking given', () => {
    const timeline = new WorkCentreTimeline();
    const first = { operationId: 'x', start: 0, end: 10 };
    timeline.book(first);
    timeline.book({ operationId: 'x', start: 10, end: 20 });
    expect(timeline.release(first)).toBe(true);
    expect(timeline.all()).toEqual([{ operationId: 'x', start: 10, end: 20 }]);
    expect(timeline.release(first)).toBe(false);
  });
});
