import { checkSchedule } from './check-schedule';
import type { PlannedOperation } from './operation';
import { HOUR, MONDAY, factory, network, weekdays } from './schedule.fixture';

const net = network(
  [
    factory(
      'a',
      [
        ['cut', 1],
        ['sew', 2, 1.5],
      ],
      { timeZone: 'Europe/Paris', workingHours: weekdays('08:00', '17:00') },
    ),
    factory('b', [['sew', 1]]),
  ],
  60,
);

function op(id: string, fields: Partial<PlannedOperation>): PlannedOperation {
  return {
    operationId: id,
    orderId: 'o',
    lineId: 'l',
    sequence: 1,
    capability: 'cut',
    durationMinutes: 60,
    factoryId: 'a',
    workCentre: 0,
    start: MONDAY + 7 * HOUR,
    end: MONDAY + 8 * HOUR,
    firm: false,
    ...fields,
  };
}

describe('checkSchedule', () => {
  it('accepts a feasible plan: working time, speed factor, transfer', () => {
    const plan = [
      op('1', {}),
      op('2', { sequence: 2, capability: 'sew', factoryId: 'b', start: MONDAY + 9 * HOUR, end: MONDAY + 10 * HOUR }),
      op('3', { lineId: 'm', capability: 'sew', workCentre: 1, start: MONDAY + 7 * HOUR, end: MONDAY + 8.5 * HOUR }),
    ];
    expect(checkSchedule(net, plan)).toEqual([]);
  });

  it('accepts an operation paused overnight', () => {
    const overnight = op('1', { durationMinutes: 120, start: MONDAY + 15 * HOUR, end: MONDAY + 24 * HOUR + 8 * HOUR });
    expect(checkSchedule(net, [overnight])).toEqual([]);
  });

  it('finds a successor that starts before the transfer is done', () => {
    const plan = [
      op('1', {}),
      op('2', { sequence: 2, capability: 'sew', factoryId: 'b', start: MONDAY + 8.5 * HOUR, end: MONDAY + 9.5 * HOUR }),
    ];
    expect(checkSchedule(net, plan)).toEqual([expect.stringMatching(/^2: starts 30 min before 1/)]);
  });

  it('finds two operations on one work centre at once', () => {
    const plan = [op('1', {}), op('2', { lineId: 'm', start: MONDAY + 7.5 * HOUR, end: MONDAY + 8.5 * HOUR })];
    expect(checkSchedule(net, plan)).toEqual([expect.stringMatching(/^2: overlaps/)]);
  });

  it('finds a wrong duration, ignoring the speed factor or the calendar', () => {
    const plan = [
      op('1', { capability: 'sew', start: MONDAY + 7 * HOUR, end: MONDAY + 8 * HOUR }),
      op('2', { lineId: 'm', start: MONDAY + 16 * HOUR, end: MONDAY + 17 * HOUR }),
    ];
    const violations = checkSchedule(net, plan);
    expect(violations).toContainEqual(expect.stringMatching(/^1: 60 working minutes .* needs 90/));
    expect(violations).toContainEqual(expect.stringMatching(/^2: 0 working minutes/));
  });

  it('finds a missing capability, work centre or factory', () => {
    const plan = [op('1', { factoryId: 'b' }), op('2', { lineId: 'm', workCentre: 1 }), op('3', { lineId: 'n', factoryId: 'z' })];
    expect(checkSchedule(net, plan)).toEqual([
      expect.stringMatching(/^1: factory b cannot do "cut"/),
      expect.stringMatching(/^2: factory a has no work centre 1/),
      '3: unknown factory z',
    ]);
  });
});
