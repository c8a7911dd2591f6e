import { checkSchedule } from './check-schedule';
import { compareObjectives, evaluateObjective } from './objective';
import type { PlannedOperation } from './operation';
import { Schedule } from './schedule';
import { HOUR, MONDAY, factory, network, order } from './schedule.fixture';

const now = MONDAY;

describe('evaluateObjective', () => {
  it('weighs lateness, then makespan, then transfers', () => {
    const net = network([factory('a', [['cut', 1]]), factory('b', [['sew', 1]])]);
    const schedule = new Schedule(net);
    schedule.insertOrder(
      {
        ...order('o', [
          [
            ['cut', 60],
            ['sew', 60],
          ],
        ]),
        dueDate: now + HOUR,
        weight: 3,
      },
      { now },
    );
    expect(schedule.objective()).toEqual({ weightedLatenessMinutes: 180, makespan: now + 2 * HOUR, transfers: 1, lateOrders: 1 });
    const earlier = { weightedLatenessMinutes: 0, makespan: now + 10 * HOUR, transfers: 9, lateOrders: 0 };
    expect(compareObjectives(earlier, schedule.objective())).toBeLessThan(0);
    expect(evaluateObjective([], [])).toEqual({ weightedLatenessMinutes: 0, makespan: 0, transfers: 0, lateOrders: 0 });
  });
});

describe('Schedule.improve', () => {
  it('lets an urgent order jump ahead of one that has time, never moving firm work', () => {
    const net = network([factory('a', [['cut', 1]])]);
    const schedule = new Schedule(net);
    schedule.insertOrder(order('firm', [[['cut', 30]]]), { now });
    schedule.setFirm('firm-0-0', true);
    schedule.insertOrder({ ...order('relaxed', [[['cut', 120]]]), dueDate: now + 48 * HOUR }, { now });
    schedule.insertOrder({ ...order('urgent', [[['cut', 60]]]), dueDate: now + 2 * HOUR }, { now });
    const firm = schedule.operation('firm-0-0');
    expect(schedule.objective().weightedLatenessMinutes).toBe(90);
    const result = schedule.improve({ now, maxRounds: 50, seed: 4 });
    expect(result.after.weightedLatenessMinutes).toBe(0);
    expect(compareObjectives(result.after, result.before)).toBeLessThan(0);
    expect(schedule.operation('urgent-0-0')?.start).toBe(now + 0.5 * HOUR);
    expect(schedule.operation('firm-0-0')).toEqual(firm);
    expect(checkSchedule(net, schedule.operations())).toEqual([]);
  });

  it('changes nothing when nothing can be gained', () => {
    const schedule = new Schedule(network([factory('a', [['cut', 2]])]));
    schedule.insertOrder(order('o', [[['cut', 60]]]), { now });
    schedule.insertOrder(order('p', [[['cut', 60]]]), { now });
    const before = schedule.operations();
    expect(schedule.improve({ now, maxRounds: 20 }).moved).toEqual([]);
    expect(schedule.operations()).toEqual(before);
  });
});

describe('Schedule.improve with pinned operations', () => {
  // Two one-machine factories; the urgent order waits behind a relaxed one at "a", "b" is idle.
  const net = network([factory('a', [['cut', 1]]), factory('b', [['cut', 1]])]);
  const booked = (orderId: string, start: number): PlannedOperation => ({
    operationId: `${orderId}-0-0`,
    orderId,
    lineId: `${orderId}-0`,
    sequence: 1,
    capability: 'cut',
    durationMinutes: 60,
    factoryId: 'a',
    workCentre: 0,
    start,
    end: start + HOUR,
    firm: false,
  });
  const terms = [
    { orderId: 'relaxed', dueDate: now + 48 * HOUR },
    { orderId: 'urgent', dueDate: now + HOUR },
  ];
  const plan = (): Schedule => new Schedule(net, [booked('relaxed', now), booked('urgent', now + HOUR)], terms);

  it('moves work to the idle factory when nothing is pinned', () => {
    const schedule = plan();
    const result = schedule.improve({ now, maxRounds: 50, seed: 1 });
    expect(result.after.weightedLatenessMinutes).toBe(0);
    expect(schedule.operations().some((o) => o.factoryId === 'b')).toBe(true);
  });

  it('reorders pinned operations in time on their own work centre', () => {
    for (const pinned of [new Set(['relaxed-0-0', 'urgent-0-0']), ['relaxed-0-0', 'urgent-0-0']]) {
      const schedule = plan();
      const result = schedule.improve({ now, maxRounds: 50, seed: 1, pinned });
      expect(result.after.weightedLatenessMinutes).toBe(0);
      expect(schedule.operation('urgent-0-0')).toMatchObject({ factoryId: 'a', workCentre: 0, start: now });
      expect(schedule.operation('relaxed-0-0')).toMatchObject({ factoryId: 'a', workCentre: 0, start: now + HOUR });
      expect(result.moved.map((o) => o.operationId).sort()).toEqual(['relaxed-0-0', 'urgent-0-0']);
      expect(checkSchedule(net, schedule.operations())).toEqual([]);
    }
  });

  it('lets the unpinned operation leave while the pinned one stays', () => {
    const schedule = plan();
    schedule.improve({ now, maxRounds: 50, seed: 1, pinned: ['urgent-0-0'] });
    expect(schedule.operation('urgent-0-0')).toMatchObject({ factoryId: 'a', workCentre: 0 });
    expect(schedule.objective().weightedLatenessMinutes).toBe(0);
    expect(checkSchedule(net, schedule.operations())).toEqual([]);
  });

  it('ignores unknown ids and never moves firm work', () => {
    const schedule = new Schedule(net, [{ ...booked('relaxed', now), firm: true }, booked('urgent', now + HOUR)], terms);
    const firm = schedule.operation('relaxed-0-0');
    schedule.improve({ now, maxRounds: 50, seed: 1, pinned: ['urgent-0-0', 'nope'] });
    expect(schedule.operation('relaxed-0-0')).toEqual(firm);
    expect(schedule.operation('urgent-0-0')).toMatchObject({ factoryId: 'a', workCentre: 0, start: now + HOUR });
  });
});

describe('Schedule.replanAll', () => {
  it('plans movable work again by urgency and keeps it only when better', () => {
    const net = network([factory('a', [['cut', 1]])]);
    const schedule = new Schedule(net);
    schedule.insertOrder(order('firm', [[['cut', 30]]]), { now });
    schedule.setFirm('firm-0-0', true);
    schedule.insertOrder({ ...order('relaxed', [[['cut', 120]]]), dueDate: now + 48 * HOUR }, { now });
    schedule.insertOrder({ ...order('urgent', [[['cut', 60]]]), dueDate: now + 2 * HOUR }, { now });
    const firm = schedule.operation('firm-0-0');
    const result = schedule.replanAll({ now });
    expect(result).toMatchObject({ kept: true, after: { weightedLatenessMinutes: 0 } });
    expect(result.moved.map((o) => o.operationId).sort()).toEqual(['relaxed-0-0', 'urgent-0-0']);
    expect(schedule.operation('firm-0-0')).toEqual(firm);
    expect(checkSchedule(net, schedule.operations())).toEqual([]);
    const again = schedule.replanAll({ now });
    expect(again).toMatchObject({ kept: false, moved: [] });
  });
});
