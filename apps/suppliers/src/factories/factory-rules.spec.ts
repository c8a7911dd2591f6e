import { AppError } from '@atelier/contracts';
import { assertValidFactory } from './factory-rules';

const valid = {
  timeZone: 'Europe/Berlin',
  calendar: { workingHours: [{ day: 1, from: '08:00', to: '16:00' }], closures: [{ from: '2026-12-24', to: '2026-12-26' }] },
  capabilities: [{ capability: 'cnc', workCentres: 2, speedFactor: 1 }],
};

function problemsOf(factory: Parameters<typeof assertValidFactory>[0]): unknown {
  try {
    assertValidFactory(factory);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    return (error as AppError).details;
  }
}

describe('factory rules', () => {
  it('accept a sensible factory', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it('name every problem with its path', () => {
    const details = problemsOf({
      timeZone: 'Mars/Olympus',
      calendar: {
        workingHours: [{ day: 2, from: '17:00', to: '09:00' }],
        closures: [
          { from: '2026-12-26', to: '2026-12-24' },
          { from: 'someday', to: '2026-01-01' },
        ],
      },
      capabilities: [valid.capabilities[0], valid.capabilities[0]],
    });
    expect(details).toEqual([
      { path: 'timeZone', message: expect.stringContaining('Mars/Olympus') },
      { path: 'calendar.workingHours.0', message: expect.any(String) },
      { path: 'calendar.closures.0', message: 'ends before it starts' },
      { path: 'calendar.closures.1.from', message: 'is not a date' },
      { path: 'capabilities.1.capability', message: 'cnc is listed twice' },
    ]);
  });

  it('read closure bounds by the one rule scheduling reads them with: dates, factory-local date-times, or instants', () => {
    const closures = (list: Array<{ from: string; to: string }>) =>
      (problemsOf({ ...valid, calendar: { workingHours: [], closures: list } }) as Array<{ path: string; message: string }>).map(
        (p) => `${p.path}: ${p.message}`,
      );
    expect(
      closures([
        { from: '2026-12-24T13:00', to: '2026-12-24 17:30:00' },
        { from: '2026-12-24T12:00:00Z', to: '2026-12-24T14:00:00+01:00' },
      ]),
    ).toEqual([]);
    // What Date.parse would guess at (in the server's zone) is refused instead.
    expect(closures([{ from: 'December 24, 2026', to: '2026-12-26' }])).toEqual(['calendar.closures.0.from: is not a date']);
    expect(closures([{ from: '2026-12-24T18:00', to: '2026-12-24T09:00' }])).toEqual([
      'calendar.closures.0: ends before it starts',
    ]);
    expect(closures([{ from: '2026-13-40', to: '2026-12-24' }])).toEqual(['calendar.closures.0.from: is not a date']);
  });

  it("put bounds of different kinds in order in the factory's zone, as scheduling will", () => {
    const closures = (timeZone: string, list: Array<{ from: string; to: string }>) =>
      (
        problemsOf({ ...valid, timeZone, calendar: { workingHours: [], closures: list } }) as Array<{
          path: string;
          message: string;
        }>
      ).map((p) => `${p.path}: ${p.message}`);
    // 24 December in Berlin starts at 23:00 UTC on the 23rd: a closure to 23:30 UTC is half an hour long.
    expect(closures('Europe/Berlin', [{ from: '2026-12-24', to: '2026-12-23T23:30:00Z' }])).toEqual([]);
    expect(closures('Europe/Berlin', [{ from: '2026-12-24', to: '2026-12-23T22:30:00Z' }])).toEqual([
      'calendar.closures.0: ends before it starts',
    ]);
    // The same bounds in New York: the day starts at 05:00 UTC on the 24th.
    expect(closures('America/New_York', [{ from: '2026-12-24', to: '2026-12-23T23:30:00Z' }])).toEqual([
      'calendar.closures.0: ends before it starts',
    ]);
    // A local date-time against an instant with an offset.
    expect(closures('Asia/Tokyo', [{ from: '2026-12-24T09:00', to: '2026-12-24T08:59:00+09:00' }])).toEqual([
      'calendar.closures.0: ends before it starts',
    ]);
    expect(closures('Asia/Tokyo', [{ from: '2026-12-24T09:00', to: '2026-12-24T00:01:00Z' }])).toEqual([]);
  });

  it('let a shift run to midnight', () => {
    expect(problemsOf({ ...valid, calendar: { workingHours: [{ day: 5, from: '16:00', to: '24:00' }], closures: [] } })).toEqual(
      [],
    );
  });
});
