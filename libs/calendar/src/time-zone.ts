/** Wall-clock arithmetic in an IANA time zone through Intl, so the engine needs no date library. */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming the zone when it is not a valid IANA time zone. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}"`);
  }
}

function wallClockAsUtc(timeZone: string, instant: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
}

/** Offset of the zone from UTC at an instant, in milliseconds (Paris in winter: +3 600 000). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallClockAsUtc(timeZone, wholeSecond) - wholeSecond;
}

const dailyOffsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset at a whole-day instant, cached: calendars ask for the same days over and
 * over (each factory, each extension of its windows), and Intl formatting is the slow part.
 */
export function zoneOffsetAtDayMs(timeZone: string, dayInstant: number): number {
  let offsets = dailyOffsets.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    dailyOffsets.set(timeZone, offsets);
  }
  let offset = offsets.get(dayInstant);
  if (offset === undefined) {
    offset = zoneOffsetMs(timeZone, dayInstant);
    offsets.set(dayInstant, offset);
  }
  return offset;
}

/**
 * The instant of a local wall-clock time. In a spring-forward gap the time is read with the
 * offset before the change (02:30 becomes 03:30); in a fall-back overlap the earlier one wins.
 */
export function localTimeToInstant(timeZone: string, date: LocalDate, minuteOfDay: number): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const withOffsetBefore = asUtc - zoneOffsetMs(timeZone, asUtc - DAY);
  const withOffsetAfter = asUtc - zoneOffsetMs(timeZone, asUtc + DAY);
  const valid = [withOffsetBefore, withOffsetAfter].filter((instant) => zoneOffsetMs(timeZone, instant) === asUtc - instant);
  return valid.length > 0 ? Math.min(...valid) : withOffsetBefore;
}

export function localDateOf(timeZone: string, instant: number): LocalDate {
  const wall = new Date(instant + zoneOffsetMs(timeZone, instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** "08:30" → 510; "24:00" → 1440. */
export function parseClockTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new RangeError(`Invalid time of day "${text}", expected HH:MM`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 1440) throw new RangeError(`Invalid time of day "${text}"`);
  return minutes;
}
