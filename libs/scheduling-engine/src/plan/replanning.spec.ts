import { checkSchedule } from './check-schedule';
import { Schedule } from './schedule';
import { HOUR, MONDAY, factory, network, order, weekdays } from './schedule.fixture';

const now = MONDAY;

describe('Schedule re-planning', () => {
  it('plans an operation, and the rest of its line, again elsewhere when it no longer fits', () => {
    const net = network([factory('a', [['cut', 1]]), factory('b', [['cut', 1, 2]]), factory('c', [['sew', 1]])], 30);
    const schedule = new Schedule(net);
    schedule.insertOrder(
      order('o', [
        [
          ['cut', 60],
          ['sew', 60],
        ],
      ]),
      { now },
    );
    expect(schedule.operation('o-0-0')?.factoryId).toBe('a');
    const result = schedule.changeNetwork(
      network(
        net.factories.filter((f) => f.id !== 'a'),
        30,
      ),
      { now },
    );
    expect(result.moved.map((o) => [o.operationId, o.factoryId])).toEqual([
      ['o-0-0', 'b'],
      ['o-0-1', 'c'],
    ]);
    expect(result.promises).toEqual([{ orderId: 'o', before: now + 2.5 * HOUR, after: now + 3.5 * HOUR }]);
    expect(checkSchedule(schedule.network, schedule.operations())).toEqual([]);
  });

  it('puts the order on hold when no other factory can do it', () => {
    const schedule = new Schedule(network([factory('a', [['cut', 1]])]));
    schedule.insertOrder(order('o', [[['cut', 60]]]), { now });
    const result = schedule.changeNetwork(network([]), { now });
    expect(result.unplanned).toEqual([expect.objectContaining({ orderId: 'o', code: 'NO_CAPABLE_FACTORY' })]);
    expect(result.promises).toEqual([{ orderId: 'o', before: now + HOUR, after: undefined }]);
    expect(schedule.operations()).toEqual([]);
  });

  it('moves only what a delay collides with, never firm work', () => {
    const net = network([
      factory('a', [
        ['cut', 1],
        ['sew', 1],
      ]),
    ]);
    const schedule = new Schedule(net);
    schedule.insertOrder(
      order('o', [
        [
          ['cut', 60],
          ['sew', 60],
        ],
      ]),
      { now },
    );
    schedule.insertOrder(order('p', [[['cut', 60]]]), { now });
    schedule.insertOrder(order('q', [[['sew', 30]]]), { now });
    schedule.setFirm('o-0-0', true);
    const untouched = schedule.operation('q-0-0');
    const result = schedule.delay('o-0-0', now + 2 * HOUR, { now });
    expect(result.moved.map((o) => [o.operationId, o.start - now])).toEqual([
      ['o-0-1', 2 * HOUR],
      ['p-0-0', 2 * HOUR],
    ]);
    expect(schedule.operation('q-0-0')).toEqual(untouched);
    expect(schedule.operation('o-0-0')).toMatchObject({ firm: true, start: now, end: now + 2 * HOUR, durationMinutes: 120 });
    expect(checkSchedule(net, schedule.operations())).toEqual([]);
  });

  it('keeps work it is told to keep on its factory and work centre when a delay moves it, and frees it only when it must', () => {
    // o's sewing is offered at one sewing factory; after the cut before it is delayed, the other would finish it earlier.
    const net = network([factory('a', [['cut', 1]]), factory('s1', [['sew', 1]]), factory('s2', [['sew', 1]])]);
    const scenario = () => {
      const schedule = new Schedule(net);
      schedule.insertOrder(
        order('o', [
          [
            ['cut', 60],
            ['sew', 60],
          ],
        ]),
        { now },
      );
      schedule.insertOrder(order('q', [[['sew', 240]]]), { now });
      schedule.insertOrder(order('r', [[['sew', 240]]]), { now });
      return schedule;
    };
    const free = scenario();
    const offeredAt = free.operation('o-0-1')!;
    free.delay('o-0-0', now + 2 * HOUR, { now });
    expect(free.operation('o-0-1')!.factoryId).not.toBe(offeredAt.factoryId);

    const pinned = scenario();
    const keepPlace = new Map([[offeredAt.operationId, { factoryId: offeredAt.factoryId, workCentre: offeredAt.workCentre }]]);
    const result = pinned.delay('o-0-0', now + 2 * HOUR, { now, keepPlace });
    expect(result.moved.map((o) => [o.operationId, o.factoryId])).toEqual([['o-0-1', offeredAt.factoryId]]);
    expect(pinned.operation('o-0-1')!.start).toBeGreaterThanOrEqual(now + 2 * HOUR);
    expect(checkSchedule(net, pinned.operations())).toEqual([]);
    // Its factory gone from the network, the pin cannot hold: the work goes elsewhere rather than nowhere.
    const other = offeredAt.factoryId === 's1' ? 's2' : 's1';
    const moved = pinned.changeNetwork(network([factory('a', [['cut', 1]]), factory(other, [['sew', 1]])]), { now, keepPlace });
    expect(moved.unplanned).toEqual([]);
    expect(pinned.operation('o-0-1')!.factoryId).toBe(other);
  });

  it('re-plans work hit by a new closure and reports the moved promise; firm work is reported, not moved', () => {
    const calendar = { timeZone: 'Europe/Paris', workingHours: weekdays('08:00', '17:00') };
    const net = network([factory('a', [['cut', 2]], calendar)]);
    const schedule = new Schedule(net);
    schedule.insertOrder(order('o', [[['cut', 120]]]), { now });
    schedule.insertOrder(order('p', [[['cut', 120]]]), { now });
    schedule.setFirm('p-0-0', true);
    const closed = network([factory('a', [['cut', 2]], { ...calendar, closures: [{ from: '2026-03-02', to: '2026-03-02' }] })]);
    const result = schedule.changeNetwork(closed, { now });
    expect(result.moved).toEqual([expect.objectContaining({ operationId: 'o-0-0', start: Date.parse('2026-03-03T07:00:00Z') })]);
    expect(result.promises).toEqual([
      { orderId: 'o', before: Date.parse('2026-03-02T09:00:00Z'), after: Date.parse('2026-03-03T09:00:00Z') },
    ]);
    expect(result.conflicts).toEqual([expect.stringMatching(/^p-0-0 no longer fits/)]);
    expect(schedule.operation('p-0-0')?.start).toBe(Date.parse('2026-03-02T07:00:00Z'));
  });

  it('leaves work that still fits where it is when the network changes', () => {
    const net = network([factory('a', [['cut', 1]]), factory('b', [['cut', 1]])]);
    const schedule = new Schedule(net);
    schedule.insertOrder(order('o', [[['cut', 60]]]), { now });
    const before = schedule.operations();
    const result = schedule.changeNetwork(network([factory('a', [['cut', 1]])]), { now });
    expect(result.moved).toEqual([]);
    expect(schedule.operations()).toEqual(before);
  });
});

describe('Schedule.delay outside working time', () => {
  it('reads an end announced after hours as the end of the working day', () => {
    const calendar = { timeZone: 'UTC', workingHours: weekdays('08:00', '17:00') };
    const net = network([factory('a', [['cut', 1]], calendar)]);
    const schedule = new Schedule(net);
    schedule.insertOrder(order('o', [[['cut', 60]]]), { now });
    schedule.delay('o-0-0', now + 20 * HOUR, { now });
    expect(schedule.operation('o-0-0')).toMatchObject({ end: now + 17 * HOUR, durationMinutes: 540 });
    expect(checkSchedule(net, schedule.operations())).toEqual([]);
  });
});
