import type { Closure } from '../network/network';
import { addDays, localTimeToInstant, type LocalDate } from './time-zone';

export interface Interval {
  start: number;
  end: number;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

function parseBoundary(text: string, timeZone: string, isEnd: boolean): number {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const date: LocalDate = { year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]) };
    // A closure "to" a date includes that whole day.
    return localTimeToInstant(timeZone, isEnd ? addDays(date, 1) : date, 0);
  }
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const date: LocalDate = { year: Number(local[1]), month: Number(local[2]), day: Number(local[3]) };
    const minutes = Number(local[4]) * 60 + Number(local[5]);
    return localTimeToInstant(timeZone, date, minutes) + Number(local[6] ?? 0) * 1000;
  }
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) throw new RangeError(`Invalid closure date "${text}"`);
  return instant;
}

/** A closure as an instant interval; date-times without an offset are local to the factory. */
export function closureInterval(closure: Closure, timeZone: string): Interval {
  const start = parseBoundary(closure.from.trim(), timeZone, false);
  const end = parseBoundary(closure.to.trim(), timeZone, true);
  if (end < start) throw new RangeError(`Closure ends before it starts: ${closure.from} → ${closure.to}`);
  return { start, end };
}

/** Sorted, non-overlapping intervals minus sorted, possibly overlapping holes. */
export function subtractIntervals(intervals: Interval[], holes: Interval[]): Interval[] {
  const result: Interval[] = [];
  let holeIndex = 0;
  for (const interval of intervals) {
    let cursor = interval.start;
    while (holeIndex < holes.length && holes[holeIndex].end <= cursor) holeIndex++;
    for (let h = holeIndex; h < holes.length && holes[h].start < interval.end; h++) {
      if (holes[h].start > cursor) result.push({ start: cursor, end: holes[h].start });
      cursor = Math.max(cursor, holes[h].end);
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** Sorts by start and merges overlapping or touching intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}
