import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { runInLogContext, UnitOfWork } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrderPlanEntity } from '../plan/order-plan.entity';
import { OrderPromises } from '../plan/order-promises';
import { PlanStore } from '../plan/plan-store';
import { PlanningQueue, REPLAN_NETWORK } from '../plan/planning-queue';
import { OrderPlanning } from './order-planning.service';
import { ReworkPlanning } from './rework-planning.service';

/**
 * The retry of unplannable orders, a BullMQ run asked for when capacity may have appeared (a network
 * change, capacity freed: OrderPromises.capacityFreed). It holds the plan lock for its whole transaction.
 */
@Injectable()
export class UnplannableRetry implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(UnplannableRetry.name);

  constructor(
    private readonly queue: PlanningQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly store: PlanStore,
    private readonly promises: OrderPromises,
    private readonly planning: OrderPlanning,
    private readonly rework: ReworkPlanning,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.register(REPLAN_NETWORK, () => this.retryUnplannable());
  }

  /** A retry whose trigger was missed before a restart (Redis was down) is caught up at start. */
  async onApplicationBootstrap(): Promise<void> {
    const waiting = await this.dataSource.manager.countBy(OrderPlanEntity, { status: 'unplannable' });
    if (waiting > 0) this.queue.trigger(REPLAN_NETWORK);
  }

  /** Orders waiting for capacity: their missing re-work first, then whatever else of them is open. */
  private async retryUnplannable(): Promise<void> {
    const correlationId = randomUUID();
    const retried = await this.unitOfWork.run({ correlationId }, (tx) =>
      this.store.change(tx, async (session) => {
        const orderIds = await this.promises.unplannableOrderIds(session);
        for (const orderId of orderIds) {
          // Each order's lines carry its id (and this run's correlation id).
          await runInLogContext({ correlationId, orderId }, async () => {
            if (await this.rework.retryMissing(session, orderId))
              await this.planning.replan(session, orderId, { reason: 'capacity appeared' });
          });
        }
        return orderIds.length;
      }),
    );
    this.logger.log(`Retried ${retried} unplannable orders after capacity may have appeared`);
  }
}
