import { jest } from '@jest/globals';
import { IMPROVE_PLAN } from './planning-queue';
import { ImprovementRuns } from './improvement-runs';

/** The improvement pass's turn-taking with planning, its collaborators stood in. */
describe('ImprovementRuns', () => {
  function runs(waiting: number) {
    const queue = { register: jest.fn(), trigger: jest.fn() };
    const unitOfWork = { run: jest.fn(async () => undefined) };
    const consumers = { waiting: jest.fn((_consumer: string) => waiting) };
    const settings = { improvementTimeLimitMs: 100, improvementDelayMs: 5_000 };
    const improvementRuns = new ImprovementRuns(
      settings as never,
      queue as never,
      unitOfWork as never,
      null as never,
      null as never,
      null as never,
    );
    improvementRuns.onModuleInit();
    // As order planning registers it (OrderEventHandlers): the events its consumer has waiting.
    improvementRuns.giveWayTo(() => consumers.waiting('order-planning'));
    const improve = queue.register.mock.calls.find(([run]) => run === IMPROVE_PLAN)![1] as () => Promise<void>;
    return { improve, queue, unitOfWork, consumers };
  }

  it('gives way while confirmed orders wait to be planned, and asks again later', async () => {
    const { improve, queue, unitOfWork, consumers } = runs(12);
    await improve();
    expect(consumers.waiting).toHaveBeenCalledWith('order-planning');
    expect(unitOfWork.run).not.toHaveBeenCalled();
    expect(queue.trigger).toHaveBeenCalledWith(IMPROVE_PLAN, { delayMs: 5_000 });
  });

  it('runs when nothing waits', async () => {
    const { improve, queue, unitOfWork } = runs(0);
    await improve();
    expect(unitOfWork.run).toHaveBeenCalledTimes(1);
    expect(queue.trigger).not.toHaveBeenCalled();
  });

  it('runs anyway once a minute has passed without a pass, however busy', async () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const { improve, unitOfWork } = runs(12);
      now.mockReturnValue(1_000_000 + 60_001);
      await improve();
      expect(unitOfWork.run).toHaveBeenCalledTimes(1);
    } finally {
      now.mockRestore();
    }
  });

  describe('a pass in slices', () => {
    /** A pass whose engine answers `answers` in turn (moves found, rounds searched), then nothing movable. */
    async function pass(answers: Array<{ moved: number; rounds?: number }>) {
      const improveCalls: number[] = [];
      const schedule = {
        improve: jest.fn((options: { timeLimitMs: number }) => {
          improveCalls.push(options.timeLimitMs);
          const answer = answers.shift() ?? { moved: 0, rounds: 0 };
          const lateness = { weightedLatenessMinutes: 0 };
          return {
            rounds: answer.rounds ?? 10,
            accepted: answer.moved,
            moved: Array(answer.moved).fill('op'),
            before: lateness,
            after: lateness,
          };
        }),
      };
      const moves = {
        offeredJobIds: jest.fn(async () => []),
        relocatedOffers: jest.fn(async () => []),
        apply: jest.fn(async () => undefined),
      };
      const store = { change: jest.fn(async (_tx: unknown, work: (session: unknown) => Promise<void>) => work({ schedule })) };
      const unitOfWork = { run: jest.fn(async (_causation: unknown, work: (tx: unknown) => Promise<void>) => work({})) };
      const queue = { register: jest.fn(), trigger: jest.fn() };
      const settings = { improvementTimeLimitMs: 60_000, improvementDelayMs: 5_000 };
      const clock = { nowMs: () => Date.now() };
      const improvementRuns = new ImprovementRuns(
        settings as never,
        queue as never,
        unitOfWork as never,
        store as never,
        moves as never,
        clock as never,
      );
      improvementRuns.onModuleInit();
      await (queue.register.mock.calls.find(([run]) => run === IMPROVE_PLAN)![1] as () => Promise<void>)();
      return { improveCalls, applied: moves.apply.mock.calls.length };
    }

    it('searches in short slices and gives up only after 50 ms in a row without a better plan', async () => {
      const { improveCalls, applied } = await pass([
        { moved: 2 },
        { moved: 0 },
        { moved: 0 },
        { moved: 1 },
        { moved: 0 },
        { moved: 0 },
        { moved: 0 },
      ]);
      // Every slice is short (quotes wait no longer than one), and the fruitless run that ends it is 3 × 20 ms.
      expect(improveCalls).toEqual(Array(7).fill(20));
      expect(applied).toBe(2);
    });

    it('stops at once when there is nothing movable to search', async () => {
      const { improveCalls, applied } = await pass([{ moved: 0, rounds: 0 }]);
      expect(improveCalls).toHaveLength(1);
      expect(applied).toBe(0);
    });
  });
});
