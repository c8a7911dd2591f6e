import { Injectable, Logger } from '@nestjs/common';
import type { FactoryData } from '@atelier/contracts';
import { WorkingTime } from '@atelier/scheduling-engine';
import { In } from 'typeorm';
import { activeStatuses } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';
import { NetworkReplanQueue } from '../planning/network-replan.queue';
import { OrderPlanning } from '../planning/order-planning.service';
import type { PlanSession } from '../planning/plan-session';
import { FactoryEntity } from './factory.entity';
import { calendarProblem, factoryRow, toNetwork } from './network-projection';
import { stillFits } from './placement-check';

/**
 * Scheduling's projection of the supplier network. A factory registered or changed may make
 * planned work impossible (a closure, shorter hours, fewer work centres: that work moves) and
 * may make unplannable orders possible (retried by a coalesced BullMQ run).
 */
@Injectable()
export class NetworkProjection {
  private readonly logger = new Logger(NetworkProjection.name);

  constructor(
    private readonly planning: OrderPlanning,
    private readonly replanQueue: NetworkReplanQueue,
  ) {}

  async onFactoryChanged(session: PlanSession, data: FactoryData): Promise<void> {
    const manager = session.tx.manager;
    const row = factoryRow(data);
    const problem = calendarProblem(row);
    if (problem) {
      // Suppliers validates calendars; one we still cannot read must not stop the whole network.
      this.logger.error(`Factory ${data.id} ignored: its calendar cannot be used (${problem})`);
      return;
    }
    await manager.save(FactoryEntity, { ...row, updatedAt: new Date() });
    const factories = await manager.find(FactoryEntity);
    session.schedule.replaceNetwork(toNetwork(factories));
    session.touchNetwork(data.id);
    await this.moveWorkThatNoLongerFits(session, data.id);
    // Enqueued while this transaction holds the plan lock: the run waits for it, so it sees this change.
    if (await this.planning.hasUnplannable(session)) await this.replanQueue.requestRetry();
  }

  private async moveWorkThatNoLongerFits(session: PlanSession, factoryId: string): Promise<void> {
    const factory = session.schedule.network.factories.find((f) => f.id === factoryId);
    if (!factory) return;
    const workingTime = new WorkingTime(factory.calendar);
    const jobs = await session.tx.manager.findBy(JobEntity, { factoryId, firm: false, status: In([...activeStatuses]) });
    const misfits = jobs.filter(
      (job) =>
        !stillFits(
          factory,
          { ...job, start: job.plannedStart.getTime(), end: job.plannedEnd.getTime() },
          workingTime,
        ),
    );
    const orders = new Set(misfits.map((job) => job.orderId));
    for (const orderId of [...orders].sort()) {
      const move = new Set(misfits.filter((job) => job.orderId === orderId).map((job) => job.id));
      await this.planning.replan(session, orderId, { reason: 'calendar changed', move });
    }
  }
}
