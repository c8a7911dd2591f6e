import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OrderEvents } from '@atelier/contracts';
import { EventConsumers } from '@atelier/messaging';
import { OrderPlanning } from './order-planning.service';
import { ImprovementRuns } from '../plan/improvement-runs';
import { PlanStore } from '../plan/plan-store';

/** The durable consumer of confirmed and cancelled orders (the name given to consume() below, written out there: access.spec.ts reads it). */
export const ORDER_PLANNING_CONSUMER = 'order-planning';

/** ORDERS events that change the plan; each runs in the consumer's transaction under the plan lock. */
@Injectable()
export class OrderEventHandlers implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly store: PlanStore,
    private readonly planning: OrderPlanning,
    private readonly improvement: ImprovementRuns,
  ) {}

  onModuleInit(): void {
    this.consumers
      .consume('order-planning', 'ORDERS')
      .onBatch(OrderEvents.confirmed, (confirmations) =>
        this.store.change(confirmations[0].tx, (session) => this.planning.onConfirmed(session, confirmations)),
      )
      .on(OrderEvents.cancelled, (data, { tx }) => this.store.change(tx, (session) => this.planning.onCancelled(session, data)));
    // The improvement pass holds the plan for up to its time limit: it gives way while confirmed orders wait.
    this.improvement.giveWayTo(() => this.consumers.waiting(ORDER_PLANNING_CONSUMER));
  }
}
