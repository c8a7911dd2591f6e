import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulingEvents } from '@atelier/contracts';
import { schemaOf, type Transaction } from '@atelier/messaging';
import type { Schedule } from '@atelier/scheduling-engine';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PlanSession } from './plan-session';
import { IMPROVE_PLAN, PlanningQueue } from './planning-queue';
import { loadSchedule } from './schedule-loader';
import { SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';

interface CachedPlan {
  token: string;
  schedule: Schedule;
}

/**
 * The plan's single writer. The jobs table is the truth; the in-memory Schedule is a cache of it,
 * valid while the token in plan_state is the one it was built at. Every plan change runs under
 * a transaction-scoped advisory lock, so replicas take turns, and changes the token.
 */
@Injectable()
export class PlanStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlanStore.name);
  private cached: CachedPlan | null = null;
  /** The plan a change on this replica is making, under the plan lock: the committed plan plus that change. */
  private writing: PlanSession | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: PlanningQueue,
    @Inject(SCHEDULING_SETTINGS) private readonly settings: SchedulingSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.current();
  }

  /**
   * The plan, for reading (quotes, promises); rebuilt when another writer changed it. While this
   * replica is changing it, that plan is read as it stands (the committed plan and the change in
   * progress, which nobody else can change meanwhile): rebuilding from the database for every quote
   * during a planning run cost more than the planning itself under load.
   */
  async current(): Promise<Schedule> {
    if (this.writing) return this.writing.schedule;
    const token = await this.token(this.dataSource.manager);
    if (this.cached?.token !== token) this.cached = { token, schedule: await loadSchedule(this.dataSource.manager) };
    return this.cached.schedule;
  }

  /**
   * Runs a planning change inside `tx` holding the plan lock; publishes plan.changed when it
   * changed something, and then asks for a background improvement pass (unless it is one) once
   * `tx` committed.
   */
  async change<T>(
    tx: Transaction,
    work: (session: PlanSession) => Promise<T>,
    options: { triggersImprovement?: boolean } = {},
  ): Promise<T> {
    const schema = schemaOf(this.dataSource);
    await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}.plan`]);
    const token = await this.token(tx.manager);
    const cached = this.cached;
    // While this run mutates its Schedule, readers rebuild their own from committed rows.
    this.cached = null;
    const schedule = cached?.token === token ? cached.schedule : await loadSchedule(tx.manager);
    const session = new PlanSession(tx, schedule);
    let result: T;
    this.writing = session;
    try {
      result = await work(session);
    } catch (error) {
      this.logger.warn(`Planning run failed, the cached plan is dropped: ${(error as Error).message}`);
      throw error;
    } finally {
      this.writing = null;
    }
    if (!session.changed) {
      this.cached = { token, schedule: session.schedule };
      return result;
    }
    const next = randomUUID();
    // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affected].
    const [[{ revision }]] = await tx.manager.query(
      `UPDATE "${schema}"."plan_state" SET "token" = $1, "revision" = "revision" + 1 WHERE "id" = 1 RETURNING "revision"`,
      [next],
    );
    await tx.publish(SchedulingEvents.planChanged, {
      aggregateId: 'plan',
      aggregateVersion: Number(revision),
      data: { orderIds: [...session.touchedOrders].sort(), factoryIds: [...session.touchedFactories].sort() },
    });
    // If the transaction does not commit, the database keeps another token and the next run rebuilds.
    this.cached = { token: next, schedule: session.schedule };
    if (options.triggersImprovement !== false) this.requestImprovement(tx);
    return result;
  }

  /**
   * Coalesced and delayed: a burst of changes gets one pass, after it. Asked for after the commit,
   * never while holding the plan lock: Redis down must not stop planning. A failed request is
   * caught up by the queue's catch-up timer, and by the next plan change.
   */
  private requestImprovement(tx: Transaction): void {
    if (this.settings.improvementTimeLimitMs <= 0) return;
    tx.afterCommit(() => this.queue.trigger(IMPROVE_PLAN, { delayMs: this.settings.improvementDelayMs }));
  }

  private async token(manager: EntityManager): Promise<string> {
    const schema = schemaOf(this.dataSource);
    const rows: Array<{ token: string }> = await manager.query(`SELECT "token" FROM "${schema}"."plan_state" WHERE "id" = 1`);
    return rows[0].token;
  }
}
