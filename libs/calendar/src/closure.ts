import { addDays, localTimeToInstant, type LocalDate } from './time-zone';

/** A factory's closure as sent: each bound a date, a date-time local to the factory, or an instant with an offset. */
export interface ClosureBounds {
  from: string;
  to: string;
}

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

/**
 * A closure as an instant interval: the one reading of a closure, shared by suppliers (which
 * refuses a closure it cannot read with 400) and scheduling (which plans around it). A date-time
 * without an offset is local to the factory; a closure "to" a date includes that whole day.
 * Throws RangeError for a bound it cannot read, an unknown time zone, or an end before the start.
 */
export function closureInterval(closure: ClosureBounds, timeZone: string): Interval {
  const start = parseBoundary(closure.from.trim(), timeZone, false);
  const end = parseBoundary(closure.to.trim(), timeZone, true);
  if (end < start) throw new RangeError(`Closure ends before it starts: ${closure.from} → ${closure.to}`);
  return { start, end };
}
