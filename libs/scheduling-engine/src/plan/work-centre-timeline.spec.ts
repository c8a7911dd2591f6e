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

  it('stays correct when a release leaves a booking inside another one', () => {
    const timeline = new WorkCentreTimeline();
    timeline.book({ operationId: 'long', start: 0, end: 100 });
    const middle = { operationId: 'middle', start: 10, end: 50 };
    timeline.book(middle);
    timeline.book({ operationId: 'short', start: 15, end: 20 });
    timeline.release(middle);
    expect(timeline.earliestSlot(30, 5, alwaysOpen, 1000)).toEqual({ start: 100, end: 105 });
    expect(timeline.isFree(30, 40)).toBe(false);
  });

  it('passes over runs of bookings with no gap long enough, and finds the first one that is', () => {
    const timeline = new WorkCentreTimeline();
    // 500 bookings of 10 ms, 2 ms apart; one gap of 7 ms after the 300th, one of 9 ms after the 400th.
    let at = 0;
    for (let i = 0; i < 500; i++) {
      timeline.book({ operationId: `op${i}`, start: at, end: at + 10 });
      at += 10 + (i === 299 ? 7 : i === 399 ? 9 : 2);
    }
    expect(timeline.earliestSlot(0, 2, alwaysOpen, 1e6)).toEqual({ start: 10, end: 12 });
    expect(timeline.earliestSlot(0, 7, alwaysOpen, 1e6)).toEqual({ start: 3598, end: 3605 });
    expect(timeline.earliestSlot(0, 8, alwaysOpen, 1e6)).toEqual({ start: 4803, end: 4811 });
    expect(timeline.earliestSlot(0, 10, alwaysOpen, 1e6)).toEqual({ start: at - 2, end: at + 8 });
    expect(timeline.earliestSlot(0, 10, alwaysOpen, 5000)).toBeUndefined();
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
