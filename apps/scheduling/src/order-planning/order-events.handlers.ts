import { Controller, type OnModuleInit } from '@nestjs/common';
import { OrderEvents, type EventDataOf } from '@atelier/contracts';
import { EventConsumers, OnEvent, type BatchItem, type EventContext } from '@atelier/messaging';
import { OrderPlanning } from './order-planning.service';
import { ImprovementRuns } from '../plan/improvement-runs';
import { PlanStore } from '../plan/plan-store';

/** The durable consumer of confirmed and cancelled orders (written out in the @OnEvent options below: access.spec.ts reads it). */
export const ORDER_PLANNING_CONSUMER = 'order-planning';

/**
 * Confirmed orders planned in one transaction at most. The plan has one writer, so planning goes
 * one transaction at a time, and each costs round trips and a commit whatever its size: under a
 * backlog, 100 orders a transaction planned half as fast again as the app's 20 (bench:e2e pipeline,
 * docs/PERFORMANCE.md). Idle, an order is planned alone, at once.
 */
const PLANNING_BATCH = 100;
const planning = { consumer: 'order-planning', eventsPerTransaction: PLANNING_BATCH };

type Data<E> = EventDataOf<E>;

/** ORDERS events that change the plan; each runs in the consumer's transaction under the plan lock. */
@Controller()
export class OrderEventHandlers implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly store: PlanStore,
    private readonly planning: OrderPlanning,
    private readonly improvement: ImprovementRuns,
  ) {}

  onModuleInit(): void {
    // The improvement pass holds the plan for up to its time limit: it gives way while confirmed orders wait.
    this.improvement.giveWayTo(() => this.consumers.waiting(ORDER_PLANNING_CONSUMER));
  }

  @OnEvent(OrderEvents.confirmed, { ...planning, batch: true })
  async confirmed(confirmations: Array<BatchItem<Data<typeof OrderEvents.confirmed>>>): Promise<void> {
    await this.store.change(confirmations[0].tx, (session) => this.planning.onConfirmed(session, confirmations));
  }

  @OnEvent(OrderEvents.cancelled, planning)
  async cancelled(data: Data<typeof OrderEvents.cancelled>, { tx }: EventContext): Promise<void> {
    await this.store.change(tx, (session) => this.planning.onCancelled(session, data));
  }
}
