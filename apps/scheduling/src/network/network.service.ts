import { Injectable } from '@nestjs/common';
import { UnapplicableEvent } from '@atelier/messaging';
import type { FactoryData } from '@atelier/contracts';
import { Clock } from '@atelier/platform';
import { PlanMoves } from '../plan/plan-moves';
import { OrderPromises } from '../plan/order-promises';
import type { PlanSession } from '../plan/plan-session';
import { FactoryEntity } from './factory.entity';
import { calendarProblem, factoryRow, loadNetwork } from './network-projection';

/**
 * Scheduling's projection of the supplier network. A factory registered or changed may make
 * planned work impossible (a closure, shorter hours, fewer work centres: that work moves) and
 * may make unplannable orders possible (retried by a coalesced BullMQ run).
 */
@Injectable()
export class NetworkProjection {
  constructor(
    private readonly promises: OrderPromises,
    private readonly moves: PlanMoves,
    private readonly clock: Clock,
  ) {}

  async onFactoryChanged(session: PlanSession, data: FactoryData): Promise<void> {
    const manager = session.tx.manager;
    const row = factoryRow(data);
    const problem = calendarProblem(row);
    if (problem) {
      // Suppliers validates calendars with the same format rule; one we still cannot read is not
      // dropped: it is dead-lettered with why, and the factory keeps its previous calendar meanwhile.
      throw new UnapplicableEvent(`The calendar of factory ${data.id} cannot be used: ${problem}`);
    }
    await manager.save(FactoryEntity, { ...row, updatedAt: new Date() });
    session.touchNetwork(data.id);
    // The engine moves only the work that no longer fits (and what must follow it); firm work stays.
    const result = session.schedule.changeNetwork(await loadNetwork(manager), {
      now: this.clock.nowMs(),
      keepPlace: await this.moves.offeredPlaces(session),
    });
    await this.moves.apply(session, result, 'calendar changed');
    // Unplannable orders are retried after the commit, so the run sees this change.
    await this.promises.capacityFreed(session);
  }
}
