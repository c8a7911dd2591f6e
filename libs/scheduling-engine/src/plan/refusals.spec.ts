import { checkSchedule } from './check-schedule';
import { MAX_REFUSALS_PER_FACTORY, type Refusals } from './refusals';
import { Schedule } from './schedule';
import { HOUR, MONDAY, factory, network, order } from './schedule.fixture';

const now = MONDAY;
const cutters = [factory('a', [['cut', 1]]), factory('b', [['cut', 1, 2]]), factory('c', [['sew', 1]])];

/** `o-0-0` (cut) refused: by factory, how many times. */
const refusedCut = (...refusedBy: Array<[string, number]>): Refusals => ({
  'o-0-0': { name: 'cut', refusedBy: refusedBy.map(([factoryId, times]) => ({ factoryId, times })) },
});

/** The cut alone, as the app plans what of an order is open after a refusal. */
const cutOnly = () => {
  const full = order('o', [
    [
      ['cut', 60],
      ['sew', 60],
    ],
  ]);
  return { ...full, lines: [{ ...full.lines[0], operations: [full.lines[0].operations[0]] }] };
};

describe('the refusal policy (Schedule.planOrder)', () => {
  it('avoids a factory that refused the operation when another can do it, and remembers it', () => {
    const schedule = new Schedule(network(cutters));
    const result = schedule.planOrder(
      order('o', [
        [
          ['cut', 60],
          ['sew', 60],
        ],
      ]),
      { now, refusals: refusedCut(['a', 1]) },
    );
    expect(result.ok && result.operations.map((o) => [o.operationId, o.factoryId])).toEqual([
      ['o-0-0', 'b'],
      ['o-0-1', 'c'],
    ]);
    // A later re-plan does not take it back to "a".
    schedule.replan(['o-0-0'], { now });
    expect(schedule.operation('o-0-0')?.factoryId).toBe('b');
    expect(checkSchedule(network(cutters), schedule.operations())).toEqual([]);
  });

  it('goes back to the refusing factory when no other can do the work', () => {
    const schedule = new Schedule(network([factory('a', [['cut', 1]]), factory('c', [['sew', 1]])]));
    const result = schedule.planOrder(order('o', [[['cut', 60]]]), {
      now,
      refusals: refusedCut(['a', MAX_REFUSALS_PER_FACTORY - 1]),
    });
    expect(result.ok && result.operations[0].factoryId).toBe('a');
  });

  it(`stops offering an operation to a factory that refused it ${MAX_REFUSALS_PER_FACTORY} times: with no other, the order waits with that reason`, () => {
    const schedule = new Schedule(network([factory('a', [['cut', 1]]), factory('x', [['cut', 1]]), factory('c', [['sew', 1]])]));
    const refusals = refusedCut(['a', MAX_REFUSALS_PER_FACTORY], ['x', MAX_REFUSALS_PER_FACTORY + 1]);
    const result = schedule.planOrder(
      order('o', [
        [
          ['cut', 60],
          ['sew', 60],
        ],
      ]),
      { now, refusals },
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'REFUSED_BY_EVERY_CAPABLE_FACTORY',
      reason: 'operation cut was refused 3 times by every capable factory (a, x); it waits for a factory that takes it',
      placement: { code: 'NO_CAPABLE_FACTORY' },
    });
    expect(schedule.operations()).toEqual([]);
  });

  it('offers the work to the factories that refused it fewer times, however slow', () => {
    const schedule = new Schedule(network(cutters));
    const result = schedule.planOrder(order('o', [[['cut', 60]]]), {
      now,
      refusals: refusedCut(['a', MAX_REFUSALS_PER_FACTORY], ['b', 1]),
    });
    expect(result.ok && result.operations[0].factoryId).toBe('b');
  });

  it('says why when the work has nowhere to go regardless of refusals', () => {
    const schedule = new Schedule(network([factory('c', [['sew', 1]])]));
    expect(schedule.planOrder(order('o', [[['cut', 60]]]), { now, refusals: refusedCut(['a', 1]) })).toMatchObject({
      ok: false,
      code: 'NO_CAPABLE_FACTORY',
    });
  });

  it('keeps an offered successor where it is, later, and releases it only when it cannot stay', () => {
    const net = network([...cutters, factory('d', [['sew', 1]])]);
    const schedule = new Schedule(net);
    schedule.planOrder(
      order('o', [
        [
          ['cut', 60],
          ['sew', 60],
        ],
      ]),
      { now },
    );
    const sew = schedule.operation('o-0-1')!;
    schedule.remove(['o-0-0', 'o-0-1']);
    const rest = order('o', [
      [
        ['cut', 60],
        ['sew', 60],
      ],
    ]);
    const keepPlace = new Map([['o-0-1', { factoryId: sew.factoryId, workCentre: sew.workCentre }]]);
    const kept = schedule.planOrder(rest, { now, refusals: refusedCut(['a', 1]), keepPlace });
    expect(kept).toMatchObject({ ok: true, released: [] });
    expect(schedule.operation('o-0-1')).toMatchObject({ factoryId: sew.factoryId, start: now + 2 * HOUR });

    // Its factory leaves the network: the offer cannot stay, it is released and placed elsewhere.
    const without = new Schedule(network(net.factories.filter((f) => f.id !== sew.factoryId)));
    const released = without.planOrder(rest, { now, keepPlace });
    expect(released).toMatchObject({ ok: true, released: ['o-0-1'] });
    expect(without.operation('o-0-1')?.factoryId).not.toBe(sew.factoryId);
  });

  it('never keeps an offer at a factory that refused that operation', () => {
    const schedule = new Schedule(network(cutters));
    const keepPlace = new Map([['o-0-0', { factoryId: 'a', workCentre: 0 }]]);
    const result = schedule.planOrder(cutOnly(), { now, refusals: refusedCut(['a', 1]), keepPlace });
    expect(result).toMatchObject({ ok: true, released: ['o-0-0'] });
    // Released offers are placed as new work: only the exhausted factories are out of the question.
    expect(schedule.operation('o-0-0')?.factoryId).toBe('a');
  });

  it('moves a placed operation under another id without moving it', () => {
    const schedule = new Schedule(network(cutters));
    schedule.planOrder(order('o', [[['cut', 60]]]), { now, refusals: refusedCut(['a', 1]) });
    const before = schedule.operation('o-0-0')!;
    schedule.renameOperation('o-0-0', 'renamed');
    expect(schedule.operation('o-0-0')).toBeUndefined();
    expect(schedule.operation('renamed')).toEqual({ ...before, operationId: 'renamed' });
    // What it refused goes with it.
    schedule.replan(['renamed'], { now });
    expect(schedule.operation('renamed')?.factoryId).toBe('b');
  });
});
