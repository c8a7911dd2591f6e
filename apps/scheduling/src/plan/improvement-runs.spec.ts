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
});
