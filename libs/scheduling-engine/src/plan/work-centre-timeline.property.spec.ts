import fc from 'fast-check';
import { WorkingTime } from '../calendar/working-time';
import type { FactoryCalendar, WorkingHours } from '../network/network';
import { ReferenceTimeline } from './reference-timeline.fixture';
import { MONDAY } from './schedule.fixture';
import { WorkCentreTimeline, type Booking } from './work-centre-timeline';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];

const clock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Always open, day shifts, split shifts, overnight shifts; with a Saturday, closed days and a half-day stop. */
const calendarArbitrary: fc.Arbitrary<FactoryCalendar> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    shape: fc.constantFrom('open', 'day', 'split', 'night'),
    from: fc.integer({ min: 0, max: 20 * 4 }).map((quarters) => quarters * 15),
    length: fc.integer({ min: 1, max: 16 * 4 }).map((quarters) => quarters * 15),
    saturday: fc.boolean(),
    closedDays: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }),
    stop: fc.option(fc.integer({ min: 0, max: 40 * 24 }), { nil: undefined }),
  })
  .map(({ zone, shape, from, length, saturday, closedDays, stop }) => {
    const days = saturday ? ([1, 2, 3, 4, 5, 6] as const) : ([1, 2, 3, 4, 5] as const);
    const to = Math.min(24 * 60, from + length);
    const hours: WorkingHours[] =
      shape === 'open'
        ? []
        : shape === 'split'
          ? days.flatMap((day) => [
              { day, from: clock(from), to: clock(Math.min(to, from + 60)) },
              { day, from: clock(Math.min(24 * 60 - 15, from + 90)), to: clock(Math.min(24 * 60, from + 90 + length)) },
            ])
          : shape === 'night'
            ? days.map((day) => ({ day, from: '22:00', to: clock((6 * 60 + length) % (24 * 60)) }))
            : days.map((day) => ({ day, from: clock(from), to: clock(to) }));
    const date = (offset: number): string => new Date(MONDAY + offset * DAY).toISOString().slice(0, 10);
    const closures = closedDays.map((day) => ({ from: date(day), to: date(day) }));
    if (stop !== undefined) {
      const at = new Date(MONDAY + stop * HOUR).toISOString().slice(0, 16);
      const until = new Date(MONDAY + (stop + 12) * HOUR).toISOString().slice(0, 16);
      closures.push({ from: at, to: until });
    }
    return { timeZone: zone, workingHours: hours, closures };
  });

type Action =
  | { kind: 'book'; start: number; length: number }
  | { kind: 'fill'; start: number; count: number; lengths: number[]; gaps: number[] }
  | { kind: 'place'; ready: number; work: number }
  | { kind: 'release'; pick: number }
  | { kind: 'releaseCopy'; pick: number }
  | { kind: 'search'; ready: number; work: number; latest: number };

/** Instants on a minute grid (equal starts and touching bookings are common), sometimes off it. */
const instant = (days: number): fc.Arbitrary<number> =>
  fc
    .tuple(fc.integer({ min: -2 * 24 * 60, max: days * 24 * 60 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 59_999 })))
    .map(([minutes, ms]) => MONDAY + minutes * MINUTE + ms);

/** Durations from nothing to a couple of days, mostly a few hours. */
const duration: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 8 * 60 }).map((minutes) => minutes * MINUTE),
  fc.integer({ min: 1, max: 3 * DAY }),
);

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('book' as const), start: instant(60), length: duration }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fill' as const),
      start: instant(60),
      count: fc.integer({ min: 1, max: 150 }),
      lengths: fc.array(fc.integer({ min: 0, max: 6 * 60 }), { minLength: 1, maxLength: 7 }),
      gaps: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 5 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('place' as const), ready: instant(30), work: duration }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('releaseCopy' as const), pick: fc.nat() }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('search' as const), ready: instant(90), work: duration, latest: instant(400) }),
  },
);

/**
 * Runs the actions on the indexed timeline and on the plain walk it replaced, each with its own
 * WorkingTime of the same calendar (the calendars cache what they computed: neither may depend on
 * what the other asked), and checks after every step that both hold the same bookings and answer
 * every search alike.
 */
function runBoth(calendar: FactoryCalendar, actions: Action[]): void {
  const timeline = new WorkCentreTimeline();
  const reference = new ReferenceTimeline();
  const workingTime = new WorkingTime(calendar);
  const referenceTime = new WorkingTime(calendar);
  const booked: Booking[] = [];
  let count = 0;
  const book = (start: number, end: number): void => {
    const booking = { operationId: `op${count++}`, start, end };
    timeline.book(booking);
    reference.book(booking);
    booked.push(booking);
  };
  const horizon = MONDAY + 400 * DAY;
  for (const action of actions) {
    switch (action.kind) {
      case 'book':
        book(action.start, action.start + action.length);
        break;
      case 'fill': {
        // A run of bookings end to end with short gaps: a work centre booked solid.
        let at = action.start;
        for (let i = 0; i < action.count; i++) {
          const length = action.lengths[i % action.lengths.length] * MINUTE;
          book(at, at + length);
          at += length + action.gaps[i % action.gaps.length] * MINUTE;
        }
        break;
      }
      case 'place': {
        // As the engine books: in the slot found.
        const slot = reference.earliestSlot(action.ready, action.work, referenceTime, horizon);
        expect(timeline.earliestSlot(action.ready, action.work, workingTime, horizon)).toEqual(slot);
        if (slot) book(slot.start, slot.end);
        break;
      }
      case 'release': {
        if (booked.length === 0) break;
        const [booking] = booked.splice(action.pick % booked.length, 1);
        expect(timeline.release(booking)).toBe(true);
        expect(reference.release(booking)).toBe(true);
        break;
      }
      case 'releaseCopy': {
        // Equal in every field but not the booking itself: nothing is released.
        if (booked.length === 0) break;
        const copy = { ...booked[action.pick % booked.length] };
        expect(timeline.release(copy)).toBe(reference.release(copy));
        break;
      }
      case 'search':
        expect(timeline.earliestSlot(action.ready, action.work, workingTime, action.latest)).toEqual(
          reference.earliestSlot(action.ready, action.work, referenceTime, action.latest),
        );
        break;
    }
    expect(timeline.all()).toEqual(reference.all());
  }
  // Searches for every length of work from one ready time, on the final bookings.
  const ready = booked.length > 0 ? Math.min(...booked.map((b) => b.start)) : MONDAY;
  for (const work of [0, 1, MINUTE, 17 * MINUTE, HOUR, 3 * HOUR, 9 * HOUR, 2 * DAY]) {
    expect(timeline.earliestSlot(ready, work, workingTime, horizon)).toEqual(
      reference.earliestSlot(ready, work, referenceTime, horizon),
    );
  }
}

describe('WorkCentreTimeline (properties)', () => {
  it('finds exactly the slot the plain walk finds, whatever was booked and released', () => {
    fc.assert(fc.property(calendarArbitrary, fc.array(actionArbitrary, { maxLength: 60 }), runBoth), { numRuns: 150 });
  });

  it('finds exactly the slot the plain walk finds on work centres booked solid as the engine books them', () => {
    const placing = fc.record({ kind: fc.constant('place' as const), ready: instant(20), work: duration });
    const searching = fc.record({
      kind: fc.constant('search' as const),
      ready: instant(90),
      work: duration,
      latest: instant(400),
    });
    const releasing = fc.record({ kind: fc.constant('release' as const), pick: fc.nat() });
    const actions = fc.array(fc.oneof({ weight: 6, arbitrary: placing }, { weight: 2, arbitrary: searching }, releasing), {
      minLength: 100,
      maxLength: 400,
    });
    fc.assert(fc.property(calendarArbitrary, actions, runBoth), { numRuns: 40 });
  });

  it('working time only stretches an operation (what the search relies on to pass over short gaps)', () => {
    fc.assert(
      fc.property(calendarArbitrary, instant(60), duration, (calendar, start, work) => {
        const workingTime = new WorkingTime(calendar);
        expect(workingTime.addWorkingTime(start, work)).toBeGreaterThanOrEqual(workingTime.nextWorkingInstant(start) + work);
      }),
      { numRuns: 300 },
    );
  });
});
