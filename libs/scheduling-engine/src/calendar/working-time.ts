import type { FactoryCalendar } from '../network/network';
import {
  addDays,
  assertTimeZone,
  closureInterval,
  isoWeekday,
  localDateOf,
  localTimeToInstant,
  parseClockTime,
  zoneOffsetAtDayMs,
} from '@atelier/calendar';
import { mergeIntervals, subtractIntervals, type Interval } from './intervals';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Working windows are generated for at least this span at a time, then extended on demand. */
const CHUNK = 400 * DAY;
/** Beyond this distance from the first query a calendar is considered to have no more working time. */
const MAX_SPAN = 20 * 366 * DAY;

interface DailyShift {
  day: number;
  fromMinute: number;
  toMinute: number;
}

/**
 * The working time of one factory as sorted instant windows, with a running total so that
 * "add N working minutes" and "working minutes between" are binary searches.
 */
export class WorkingTime {
  private readonly shifts: DailyShift[];
  private readonly closures: Interval[];
  private windowStart: number[] = [];
  private windowEnd: number[] = [];
  /** Working ms in all windows before window i. */
  private before: number[] = [];
  private coveredFrom = Number.POSITIVE_INFINITY;
  private coveredTo = Number.NEGATIVE_INFINITY;
  private anchor: number | undefined;

  constructor(private readonly calendar: FactoryCalendar) {
    assertTimeZone(calendar.timeZone);
    this.shifts = calendar.workingHours.map((hours) => ({
      day: hours.day,
      fromMinute: parseClockTime(hours.from),
      toMinute: parseClockTime(hours.to),
    }));
    this.closures = mergeIntervals(calendar.closures.map((closure) => closureInterval(closure, calendar.timeZone)));
  }

  /** The first instant at or after `instant` when the factory works; Infinity if never. */
  nextWorkingInstant(instant: number): number {
    for (;;) {
      this.cover(instant, instant + DAY);
      const index = this.firstWindowEndingAfter(instant);
      if (index < this.windowEnd.length) {
        return Math.max(instant, this.windowStart[index]);
      }
      if (!this.extendPast(this.coveredTo)) return Number.POSITIVE_INFINITY;
    }
  }

  /** The instant when `workMs` of working time started at `start` is done; Infinity if never. */
  addWorkingTime(start: number, workMs: number): number {
    const from = this.nextWorkingInstant(start);
    if (!Number.isFinite(from)) return from;
    if (workMs <= 0) return from;
    for (;;) {
      const target = this.workingBefore(from) + workMs;
      const total = this.before.length ? this.before[this.before.length - 1] + this.lengthOf(this.before.length - 1) : 0;
      const lastEndIsReal = this.windowEnd[this.windowEnd.length - 1] < this.coveredTo;
      if (target < total || (target === total && lastEndIsReal)) return this.instantAtWorking(target);
      if (!this.extendPast(this.coveredTo)) return Number.POSITIVE_INFINITY;
    }
  }

  /** Working milliseconds inside [from, to). */
  workingMsBetween(from: number, to: number): number {
    if (to <= from) return 0;
    this.cover(from, to);
    return this.workingBefore(to) - this.workingBefore(from);
  }

  /** Working windows overlapping [from, to), clipped to it. */
  windowsBetween(from: number, to: number): Interval[] {
    this.cover(from, to);
    const result: Interval[] = [];
    for (let i = this.firstWindowEndingAfter(from); i < this.windowStart.length && this.windowStart[i] < to; i++) {
      result.push({ start: Math.max(from, this.windowStart[i]), end: Math.min(to, this.windowEnd[i]) });
    }
    return result;
  }

  private lengthOf(index: number): number {
    return this.windowEnd[index] - this.windowStart[index];
  }

  /** Working ms from the start of the covered range up to `instant`. */
  private workingBefore(instant: number): number {
    const index = this.lastWindowStartingAtOrBefore(instant);
    if (index < 0) return 0;
    return this.before[index] + Math.min(instant - this.windowStart[index], this.lengthOf(index));
  }

  private instantAtWorking(target: number): number {
    let low = 0;
    let high = this.before.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.before[middle] < target) low = middle;
      else high = middle - 1;
    }
    return this.windowStart[low] + (target - this.before[low]);
  }

  private firstWindowEndingAfter(instant: number): number {
    let low = 0;
    let high = this.windowEnd.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.windowEnd[middle] > instant) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private lastWindowStartingAtOrBefore(instant: number): number {
    let low = -1;
    let high = this.windowStart.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.windowStart[middle] <= instant) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private extendPast(instant: number): boolean {
    if (this.anchor !== undefined && instant - this.anchor > MAX_SPAN) return false;
    this.cover(this.coveredFrom, instant + CHUNK);
    return true;
  }

  private cover(from: number, to: number): void {
    this.anchor ??= from;
    if (from >= this.coveredFrom && to <= this.coveredTo) return;
    const coveredFrom = Math.min(from, this.coveredFrom);
    const coveredTo = Math.max(to, this.coveredTo, coveredFrom + CHUNK);
    const windows = subtractIntervals(this.generateWindows(coveredFrom, coveredTo), this.closures);
    this.windowStart = windows.map((w) => w.start);
    this.windowEnd = windows.map((w) => w.end);
    this.before = new Array<number>(windows.length);
    let total = 0;
    windows.forEach((window, index) => {
      this.before[index] = total;
      total += window.end - window.start;
    });
    this.coveredFrom = coveredFrom;
    this.coveredTo = coveredTo;
  }

  /** Windows clipped to [from, to); a window touching `to` is artificial and callers extend past it. */
  private generateWindows(from: number, to: number): Interval[] {
    if (this.shifts.length === 0) return [{ start: from, end: to }];
    const { timeZone } = this.calendar;
    const windows: Interval[] = [];
    const last = addDays(localDateOf(timeZone, to), 1);
    for (let date = addDays(localDateOf(timeZone, from), -1); ; date = addDays(date, 1)) {
      const weekday = isoWeekday(date);
      const midnight = Date.UTC(date.year, date.month - 1, date.day);
      // Most days have no offset change: one offset serves every shift of the day.
      const offset = zoneOffsetAtDayMs(timeZone, midnight - DAY);
      const steady = offset === zoneOffsetAtDayMs(timeZone, midnight + 2 * DAY);
      for (const shift of this.shifts) {
        if (shift.day !== weekday) continue;
        const overnight = shift.toMinute <= shift.fromMinute;
        const endDate = overnight ? addDays(date, 1) : date;
        const start = steady
          ? midnight + shift.fromMinute * MINUTE - offset
          : localTimeToInstant(timeZone, date, shift.fromMinute);
        const end = steady
          ? midnight + (overnight ? DAY : 0) + shift.toMinute * MINUTE - offset
          : localTimeToInstant(timeZone, endDate, shift.toMinute);
        windows.push({ start: Math.max(start, from), end: Math.min(end, to) });
      }
      if (date.year === last.year && date.month === last.month && date.day === last.day) break;
    }
    return mergeIntervals(windows);
  }
}
