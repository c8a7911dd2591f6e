import type { Factory } from '@atelier/scheduling-engine';
import { stillFits } from './placement-check';

const HOUR = 3_600_000;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');

function factory(calendar: Partial<Factory['calendar']> = {}): Factory {
  return {
    id: 'f',
    supplierId: 's',
    calendar: { timeZone: 'UTC', workingHours: [], closures: [], ...calendar },
    capabilities: [{ capability: 'cut', workCentres: 1, speedFactor: 1 }],
  };
}

const placement = { capability: 'cut', durationMinutes: 60, workCentre: 0, start: MONDAY + 9 * HOUR, end: MONDAY + 10 * HOUR };

describe('stillFits', () => {
  it('accepts an operation that keeps its working time', () => {
    expect(stillFits(factory(), placement)).toBe(true);
  });

  it('rejects one covered by a closure', () => {
    expect(stillFits(factory({ closures: [{ from: '2026-03-02', to: '2026-03-02' }] }), placement)).toBe(false);
  });

  it('rejects one now outside working hours', () => {
    const afternoons = factory({ workingHours: [{ day: 1, from: '13:00', to: '17:00' }] });
    expect(stillFits(afternoons, placement)).toBe(false);
  });

  it('rejects one whose capability or work centre is gone', () => {
    expect(stillFits(factory(), { ...placement, capability: 'sew' })).toBe(false);
    expect(stillFits(factory(), { ...placement, workCentre: 1 })).toBe(false);
  });
});
