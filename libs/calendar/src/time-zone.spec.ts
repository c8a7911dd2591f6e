import { isoWeekday, localDateOf, localTimeToInstant, parseClockTime, zoneOffsetMs } from './time-zone';

const HOUR = 3_600_000;

describe('time zones', () => {
  it('knows the offset on either side of a change', () => {
    expect(zoneOffsetMs('Europe/Paris', Date.parse('2026-03-29T00:59:00Z'))).toBe(HOUR);
    expect(zoneOffsetMs('Europe/Paris', Date.parse('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(zoneOffsetMs('Asia/Kolkata', Date.parse('2026-06-01T00:00:00Z'))).toBe(5.5 * HOUR);
  });

  it('turns local wall-clock times into instants, also across offset changes', () => {
    const date = { year: 2026, month: 3, day: 29 };
    expect(localTimeToInstant('Europe/Paris', date, 60)).toBe(Date.parse('2026-03-29T00:00:00Z'));
    expect(localTimeToInstant('Europe/Paris', date, 4 * 60)).toBe(Date.parse('2026-03-29T02:00:00Z'));
    // 02:30 does not exist that night: read with the winter offset, it is 03:30 summer time.
    expect(localTimeToInstant('Europe/Paris', date, 150)).toBe(Date.parse('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 25 October: the earlier one is taken.
    expect(localTimeToInstant('Europe/Paris', { year: 2026, month: 10, day: 25 }, 150)).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(localTimeToInstant('America/New_York', { year: 2026, month: 1, day: 5 }, 9 * 60)).toBe(
      Date.parse('2026-01-05T14:00:00Z'),
    );
  });

  it('reads local dates and ISO weekdays', () => {
    expect(localDateOf('Pacific/Auckland', Date.parse('2026-03-01T12:00:00Z'))).toEqual({ year: 2026, month: 3, day: 2 });
    expect(isoWeekday({ year: 2026, month: 3, day: 2 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 3, day: 8 })).toBe(7);
  });

  it('parses clock times', () => {
    expect(parseClockTime('08:30')).toBe(510);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(() => parseClockTime('8h30')).toThrow(/HH:MM/);
    expect(() => parseClockTime('10:75')).toThrow(/Invalid/);
  });
});
