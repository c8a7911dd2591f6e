import { checkSchedule } from './check-schedule';
import { Schedule } from './schedule';
import { HOUR, MINUTE, MONDAY, factory, network, order, weekdays } from './schedule.fixture';

describe('Schedule.insertOrder', () => {
  it('puts each operation where it finishes earliest, after its predecessor and the transfer', () => {
    const net = network([factory('cut', [['cutting', 1]]), factory('sew', [['sewing', 1]])], 30);
    const schedule = new Schedule(net);
    const result = schedule.insertOrder(
      order('o1', [
        [
          ['cutting', 60],
          ['sewing', 120],
        ],
      ]),
      { now: MONDAY },
    );
    expect(result).toMatchObject({ ok: true, completion: MONDAY + 3.5 * HOUR });
    if (!result.ok) return;
    expect(result.operations.map((o) => [o.factoryId, o.start - MONDAY, o.end - MONDAY])).toEqual([
      ['cut', 0, HOUR],
      ['sew', 1.5 * HOUR, 3.5 * HOUR],
    ]);
    expect(checkSchedule(net, schedule.operations())).toEqual([]);
  });

  it('uses a faster or free factory, and parallel work centres', () => {
    const net = network([factory('slow', [['milling', 1, 2]]), factory('fast', [['milling', 2, 1]])]);
    const schedule = new Schedule(net);
    schedule.insertOrder(order('a', [[['milling', 60]]]), { now: MONDAY });
    schedule.insertOrder(order('b', [[['milling', 60]]]), { now: MONDAY });
    const third = schedule.insertOrder(order('c', [[['milling', 60]]]), { now: MONDAY });
    expect(schedule.operations().map((o) => [o.factoryId, o.workCentre])).toEqual(
      expect.arrayContaining([
        ['fast', 0],
        ['fast', 1],
      ]),
    );
    // Fast is busy for an hour; slow would finish after two hours either way: fast again wins.
    expect(third.ok && third.operations[0]).toMatchObject({ factoryId: 'fast', start: MONDAY + HOUR, end: MONDAY + 2 * HOUR });
  });

  it('pauses an operation outside working time and respects a closure', () => {
    const paris = factory('paris', [['assembly', 1]], {
      timeZone: 'Europe/Paris',
      workingHours: weekdays('08:00', '17:00'),
      closures: [{ from: '2026-03-03', to: '2026-03-03', reason: 'strike' }],
    });
    const schedule = new Schedule(network([paris]));
    const result = schedule.insertOrder(order('o', [[['assembly', 600]]]), { now: MONDAY });
    expect(result.ok && result.operations[0]).toMatchObject({
      start: Date.parse('2026-03-02T07:00:00Z'),
      end: Date.parse('2026-03-04T08:00:00Z'),
    });
  });

  it('plans after an operation of the same line that is already planned', () => {
    const net = network([
      factory('f', [
        ['a', 1],
        ['b', 1],
      ]),
    ]);
    const schedule = new Schedule(net);
    const full = order('o', [
      [
        ['a', 60],
        ['b', 60],
      ],
    ]);
    schedule.insertOrder(full, { now: MONDAY });
    schedule.remove(['o-0-1']);
    const rest = { ...full, lines: [{ ...full.lines[0], operations: [full.lines[0].operations[1]] }] };
    const result = schedule.insertOrder(rest, { now: MONDAY });
    expect(result.ok && result.operations[0].start).toBe(MONDAY + HOUR);
  });

  it('honours exclusions and says when no factory is capable', () => {
    const schedule = new Schedule(network([factory('x', [['paint', 1]]), factory('y', [['paint', 1, 3]])]));
    const avoided = schedule.insertOrder(order('o', [[['paint', 10]]]), { now: MONDAY, exclude: { 'o-0-0': ['x'] } });
    expect(avoided.ok && avoided.operations[0].factoryId).toBe('y');
    const none = schedule.insertOrder(order('p', [[['weld', 10]]]), { now: MONDAY });
    expect(none).toMatchObject({ ok: false, code: 'NO_CAPABLE_FACTORY' });
  });

  it('fails without booking anything when there is no capacity within the horizon', () => {
    const schedule = new Schedule(network([factory('f', [['a', 1]])]));
    const result = schedule.insertOrder(order('o', [[['a', 60]], [['a', 3 * 24 * 60]]]), { now: MONDAY, horizonDays: 2 });
    expect(result).toMatchObject({ ok: false, code: 'NO_CAPACITY_IN_HORIZON' });
    expect(schedule.operations()).toEqual([]);
  });

  it('quotes without changing the plan, even for ids already planned', () => {
    const schedule = new Schedule(network([factory('f', [['a', 1]])]));
    schedule.insertOrder(order('o', [[['a', 60]]]), { now: MONDAY });
    const before = schedule.operations();
    const quote = schedule.quote(order('o', [[['a', 30]]]), { now: MONDAY });
    expect(quote).toMatchObject({ ok: true, completion: MONDAY + 90 * MINUTE });
    expect(quote.ok && quote.operations[0].operationId).toBe('o-0-0');
    expect(schedule.operations()).toEqual(before);
  });

  it('names the operation as the caller knows it when a quote finds no place, with no character a database refuses', () => {
    const schedule = new Schedule(network([factory('f', [['a', 1]])]));
    const quote = schedule.quote(order('o', [[['welding', 30]]]), { now: MONDAY });
    expect(quote).toMatchObject({
      ok: false,
      code: 'NO_CAPABLE_FACTORY',
      reason: 'No factory can do "welding" for operation o-0-0',
    });
    expect(!quote.ok && /[\u0000-\u001f]/.test(quote.reason)).toBe(false);
  });

  it('refuses an operation id that is already planned', () => {
    const schedule = new Schedule(network([factory('f', [['a', 1]])]));
    schedule.insertOrder(order('o', [[['a', 60]]]), { now: MONDAY });
    expect(() => schedule.insertOrder(order('o', [[['a', 60]]]), { now: MONDAY })).toThrow(/already planned/);
  });

  it('releases capacity on remove, and marks firm work', () => {
    const schedule = new Schedule(network([factory('f', [['a', 1]])]));
    schedule.insertOrder(order('o', [[['a', 60]]]), { now: MONDAY });
    schedule.setFirm('o-0-0', true);
    expect(schedule.operations()[0].firm).toBe(true);
    schedule.remove(['o-0-0']);
    const next = schedule.insertOrder(order('p', [[['a', 60]]]), { now: MONDAY });
    expect(next.ok && next.operations[0].start).toBe(MONDAY);
  });

  it('forgets a finished order: its operations free their capacity and its lateness leaves the objective', () => {
    const schedule = new Schedule(network([factory('f', [['a', 1]])]));
    schedule.insertOrder({ ...order('late', [[['a', 120]]]), dueDate: MONDAY + HOUR }, { now: MONDAY });
    expect(schedule.objective().lateOrders).toBe(1);
    schedule.finishOrder('late', ['late-0-0']);
    expect(schedule.operations()).toEqual([]);
    expect(schedule.objective().lateOrders).toBe(0);
    const next = schedule.insertOrder(order('p', [[['a', 60]]]), { now: MONDAY });
    expect(next.ok && next.operations[0].start).toBe(MONDAY);
  });

  it('starts from booked operations given to the constructor', () => {
    const net = network([factory('f', [['a', 1]])]);
    const first = new Schedule(net);
    first.insertOrder(order('o', [[['a', 60]]]), { now: MONDAY });
    const restored = new Schedule(net, first.operations());
    const next = restored.insertOrder(order('p', [[['a', 60]]]), { now: MONDAY });
    expect(next.ok && next.operations[0].start).toBe(MONDAY + HOUR);
  });
});
