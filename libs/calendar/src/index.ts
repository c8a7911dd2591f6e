export { closureInterval, type ClosureBounds, type Interval } from './closure';
export {
  addDays,
  assertTimeZone,
  isoWeekday,
  localDateOf,
  localTimeToInstant,
  parseClockTime,
  zoneOffsetAtDayMs,
  zoneOffsetMs,
  type LocalDate,
} from './time-zone';
