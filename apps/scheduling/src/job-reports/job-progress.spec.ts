import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { PlanSession } from '../plan/plan-session';
import { JobProgress } from './job-progress.service';
import type { JobEntity } from '../jobs/job.entity';

describe('JobProgress on a supplier answer for a job the plan dropped', () => {
  const replaced = {
    id: 'job-old',
    status: 'cancelled',
    replacedBy: 'job-new',
    supplierId: 's-1',
    factoryId: 'f-1',
  } as JobEntity;
  const session = { tx: { manager: { findOneBy: async () => replaced } } } as unknown as PlanSession;
  const progress = new JobProgress(null as never, null as never, null as never, null as never, null as never);

  it.each(['accepted', 'in_progress'] as const)('warns naming both jobs when it is %s', async (to) => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await progress.advance(session, 'job-old', to);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/job-old .*replaced by job job-new/));
    } finally {
      warn.mockRestore();
    }
  });
});
