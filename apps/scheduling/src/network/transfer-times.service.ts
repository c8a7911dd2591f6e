import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError, type RequestOf, type SchedulingRequests, type TransferTimesView } from '@atelier/contracts';
import { schemaOf, UnitOfWork, type RequestContext } from '@atelier/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@atelier/platform';
import { OrderPromises } from '../plan/order-promises';
import type { PlanSession } from '../plan/plan-session';
import { PlanMoves } from '../plan/plan-moves';
import { PlanStore } from '../plan/plan-store';
import { PlanningQueue, REPLAN_NETWORK } from '../plan/planning-queue';
import { SCHEDULING_SETTINGS, type SchedulingSettings } from '../plan/scheduling-config';
import { FactoryEntity } from './factory.entity';
import { loadNetwork } from './network-projection';
import { factoriesAffected, loadTransferMatrix, sortedPairs, TRANSFER_TIMES_ID, type TransferMatrix } from './transfer-matrix';
import type { TransferTimesEntity } from './transfer-times.entity';

type Replacement = RequestOf<typeof SchedulingRequests.replaceTransferTimes>;

/**
 * The transfer-time matrix operators maintain. Replacing it is a network change: under the plan
 * lock, the engine moves the non-firm work whose predecessor no longer arrives in time (and what
 * follows it), and promises move with it.
 */
@Injectable()
export class TransferTimes implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SCHEDULING_SETTINGS) private readonly settings: SchedulingSettings,
    private readonly unitOfWork: UnitOfWork,
    private readonly store: PlanStore,
    private readonly moves: PlanMoves,
    private readonly promises: OrderPromises,
    private readonly queue: PlanningQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * At first start the matrix is the configured default with no pairs; later starts keep what
   * operators set. Runs before anything plans (consumers and the plan cache start at bootstrap).
   */
  async onModuleInit(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${schemaOf(this.dataSource)}"."transfer_times" ("id", "default_minutes", "pairs", "revision", "updated_at")
       VALUES ($1, $2, '[]'::jsonb, 0, now()) ON CONFLICT ("id") DO NOTHING`,
      [TRANSFER_TIMES_ID, this.settings.transferMinutesDefault],
    );
  }

  async get(): Promise<TransferTimesView> {
    return toView(await loadTransferMatrix(this.dataSource.manager));
  }

  async replace(replacement: Replacement, ctx: RequestContext): Promise<TransferTimesView> {
    return this.unitOfWork.run({ correlationId: ctx.correlationId }, async (tx) => {
      // Factories are only ever added, so a check before taking the plan lock still holds under it.
      await this.assertKnownFactories(tx.manager, replacement);
      return this.store.change(tx, (session) => this.replaceIn(session, replacement));
    });
  }

  private async replaceIn(session: PlanSession, replacement: Replacement): Promise<TransferTimesView> {
    const manager = session.tx.manager;
    const row = await loadTransferMatrix(manager);
    const next: TransferMatrix = { defaultMinutes: replacement.defaultMinutes, pairs: sortedPairs(replacement.pairs) };
    if (sameMatrix(row, next)) return toView(row);
    const factoryIds = (await manager.find(FactoryEntity, { select: { id: true } })).map((f) => f.id);
    const affected = factoriesAffected(row, next, factoryIds);
    Object.assign(row, next, { revision: row.revision + 1, updatedAt: new Date() });
    await manager.save(row);
    session.touchNetwork(...affected);
    // The engine re-plans only operations that now arrive too early (and what must follow them); firm work stays.
    const result = session.schedule.changeNetwork(await loadNetwork(manager), {
      now: this.clock.nowMs(),
      keepPlace: await this.moves.offeredPlaces(session),
    });
    await this.moves.apply(session, result, 'transfer times changed');
    // Shorter transfers may let an order waiting for capacity fit within the horizon.
    if (await this.promises.hasUnplannable(session)) await this.queue.request(REPLAN_NETWORK);
    return toView(row);
  }

  private async assertKnownFactories(manager: EntityManager, replacement: Replacement): Promise<void> {
    const named = [...new Set(replacement.pairs.flatMap((p) => [p.fromFactoryId, p.toFactoryId]))];
    if (named.length === 0) return;
    const known = new Set((await manager.find(FactoryEntity, { select: { id: true } })).map((f) => f.id));
    const unknown = named.filter((id) => !known.has(id)).sort();
    if (unknown.length > 0) {
      throw new AppError('VALIDATION_FAILED', `Unknown factories: ${unknown.join(', ')}`, {
        field: 'pairs',
        unknownFactoryIds: unknown,
      });
    }
  }
}

function sameMatrix(a: TransferMatrix, b: TransferMatrix): boolean {
  return a.defaultMinutes === b.defaultMinutes && JSON.stringify(sortedPairs(a.pairs)) === JSON.stringify(sortedPairs(b.pairs));
}

function toView(row: TransferTimesEntity): TransferTimesView {
  return {
    defaultMinutes: row.defaultMinutes,
    pairs: sortedPairs(row.pairs),
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
  };
}
