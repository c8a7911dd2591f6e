import type { FactoryCalendar, WorkingHours } from '../network/network';
import { WorkingTime } from './working-time';

const MINUTE = 60_000;
const at = (iso: string): number => Date.parse(iso);
const weekdays = (from: string, to: string): WorkingHours[] => ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to }));

function paris(closures: FactoryCalendar['closures'] = []): WorkingTime {
  return new WorkingTime({ timeZone: 'Europe/Paris', workingHours: weekdays('08:00', '17:00'), closures });
}

describe('WorkingTime', () => {
  // 2026-03-02 is a Monday; Paris is UTC+1 until 2026-03-29, UTC+2 after.
  it('moves an instant before opening to 08:00 local time', () => {
    expect(paris().nextWorkingInstant(at('2026-03-02T05:00:00Z'))).toBe(at('2026-03-02T07:00:00Z'));
  });

  it('pauses an operation outside working hours and resumes it the next morning', () => {
    const start = at('2026-03-02T07:00:00Z');
    expect(paris().addWorkingTime(start, 600 * MINUTE)).toBe(at('2026-03-03T08:00:00Z'));
  });

  it('skips the weekend', () => {
    const fridayAfternoon = at('2026-03-06T15:00:00Z'); // 16:00 Paris
    expect(paris().addWorkingTime(fridayAfternoon, 120 * MINUTE)).toBe(at('2026-03-09T08:00:00Z'));
  });

  it('follows the change to summer time', () => {
    // Monday 2026-03-30 opens at 08:00 CEST = 06:00Z.
    expect(paris().nextWorkingInstant(at('2026-03-28T12:00:00Z'))).toBe(at('2026-03-30T06:00:00Z'));
  });

  it('excludes a whole-day closure given as a date', () => {
    const calendar = paris([{ from: '2026-03-03', to: '2026-03-03', reason: 'holiday' }]);
    expect(calendar.addWorkingTime(at('2026-03-02T15:00:00Z'), 120 * MINUTE)).toBe(at('2026-03-04T08:00:00Z'));
  });

  it('excludes a closure given as local date-times and one with an offset', () => {
    const calendar = paris([
      { from: '2026-03-02T12:00', to: '2026-03-02T13:00' },
      { from: '2026-03-02T15:00:00+01:00', to: '2026-03-02T15:30:00+01:00' },
    ]);
    expect(calendar.workingMsBetween(at('2026-03-02T07:00:00Z'), at('2026-03-02T16:00:00Z'))).toBe(450 * MINUTE);
  });

  it('reads working hours in the factory time zone', () => {
    const tokyo = new WorkingTime({ timeZone: 'Asia/Tokyo', workingHours: weekdays('09:00', '18:00'), closures: [] });
    const newYork = new WorkingTime({ timeZone: 'America/New_York', workingHours: weekdays('09:00', '18:00'), closures: [] });
    const sundayNoonUtc = at('2026-03-01T12:00:00Z');
    expect(tokyo.nextWorkingInstant(sundayNoonUtc)).toBe(at('2026-03-02T00:00:00Z'));
    expect(newYork.nextWorkingInstant(sundayNoonUtc)).toBe(at('2026-03-02T14:00:00Z'));
  });

  it('supports night shifts crossing midnight', () => {
    const night = new WorkingTime({ timeZone: 'UTC', workingHours: [{ day: 1, from: '22:00', to: '06:00' }], closures: [] });
    expect(night.addWorkingTime(at('2026-03-02T12:00:00Z'), 8 * 60 * MINUTE)).toBe(at('2026-03-03T06:00:00Z'));
  });

  it('is always open without working hours, closures aside', () => {
    const open = new WorkingTime({ timeZone: 'UTC', workingHours: [], closures: [{ from: '2026-01-02', to: '2026-01-02' }] });
    expect(open.addWorkingTime(at('2026-01-01T23:00:00Z'), 120 * MINUTE)).toBe(at('2026-01-03T01:00:00Z'));
  });

  it('answers far in the future by extending its windows', () => {
    const start = at('2026-03-02T07:00:00Z');
    const fiveYears = 5 * 52 * 5 * 9 * 60 * MINUTE;
    expect(paris().addWorkingTime(start, fiveYears)).toBeGreaterThan(start + 4.9 * 365 * 86_400_000);
  });

  it('returns Infinity when the factory never works', () => {
    const closed = new WorkingTime({ timeZone: 'UTC', workingHours: [], closures: [{ from: '2000-01-01', to: '2100-01-01' }] });
    expect(closed.nextWorkingInstant(at('2026-01-01T00:00:00Z'))).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects an unknown time zone', () => {
    expect(() => new WorkingTime({ timeZone: 'Mars/Olympus', workingHours: [], closures: [] })).toThrow(/Mars\/Olympus/);
  });
});
