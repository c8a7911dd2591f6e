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
        closures: [{ from: '2026-12-26', to: '2026-12-24' }, { from: 'someday', to: '2026-01-01' }],
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

  it('let a shift run to midnight', () => {
    expect(problemsOf({ ...valid, calendar: { workingHours: [{ day: 5, from: '16:00', to: '24:00' }], closures: [] } })).toEqual([]);
  });
});
