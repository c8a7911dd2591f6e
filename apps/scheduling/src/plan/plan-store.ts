import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulingEvents } from '@atelier/contracts';
import { schemaOf, type Transaction } from '@atelier/messaging';
import type { Schedule } from '@atelier/scheduling-engine';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { planChangeSeconds, planSize } from './planning-metrics';
import { PlanSession } from './plan-session';
import { IMPROVE_PLAN, PlanningQueue } from './planning-queue';
import { loadSchedule } from './schedule-loader';
import { PlanTokenWatch } from './plan-token-watch';
import { SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';

interface CachedPlan {
  token: string;
  /** The token before this plan's change: what readers still hear until its commit is known everywhere. */
  committedFrom?: string;
  schedule: Schedule;
}

/**
 * The plan's single writer. The jobs table is the truth; the in-memory Schedule is a cache of it,
 * valid while the token in plan_state is the one it was built at. Every plan change runs under
 * a transaction-scoped advisory lock, so replicas take turns, and changes the token.
 */
@Injectable()
export class PlanStore implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanStore.name);
  private cached: CachedPlan | null = null;
  /** The plan a change on this replica is making, under the plan lock: the committed plan plus that change. */
  private writing: PlanSession | null = null;
  /** A reader's rebuild in progress, shared by the readers that need the same plan. */
  private rebuilding: { token: string; promise: Promise<Schedule> } | null = null;
  /** The token read a quote is waiting for: quotes that arrive while one is in flight share it. */
  private tokenRead: Promise<string> | null = null;
  /**
   * Each open transaction holding the plan lock (its entity manager): the token committed when it
   * took the lock, and the token as its last change left it.
   */
  private readonly lockedBy = new WeakMap<EntityManager, { committed: string; current: string }>();
  private stopReporting: (() => void) | null = null;
  /** The committed token as PostgreSQL announces it: quotes need not read it (undefined: they do). */
  private readonly watch: PlanTokenWatch;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: PlanningQueue,
    @Inject(SCHEDULING_SETTINGS) private readonly settings: SchedulingSettings,
  ) {
    const { url } = dataSource.options as { url?: string };
    this.watch = new PlanTokenWatch({ connectionString: url }, schemaOf(dataSource));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.watch.start();
    await this.current();
    this.stopReporting = planSize.readBy(async () => {
      const schedule = this.writing?.schedule ?? this.cached?.schedule;
      if (!schedule) return [];
      const { operations, orders } = schedule.size();
      return [
        { labels: { kind: 'operations' }, value: operations },
        { labels: { kind: 'orders' }, value: orders },
      ];
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopReporting?.();
    await this.watch.stop();
  }

  /**
   * The plan, for reading (quotes, promises); rebuilt only when another replica changed it. While
   * this replica is changing it, that plan is read as it stands (the committed plan and the change
   * in progress, which nobody else can change meanwhile), and until its commit lands, the plan it
   * made: rebuilding from the database for every quote around a planning run cost more than the
   * planning itself under load. (Should that commit fail, quotes read the plan it made until the
   * next change rebuilds it: a promise is an estimate either way.)
   */
  async current(): Promise<Schedule> {
    if (this.writing) return this.writing.schedule;
    const token = await this.sharedToken();
    if (this.writing) return (this.writing as PlanSession).schedule;
    const cached = this.cached;
    if (cached && (cached.token === token || cached.committedFrom === token)) return cached.schedule;
    // Quotes that arrive together share one rebuild.
    if (this.rebuilding?.token !== token) {
      const promise = loadSchedule(this.dataSource.manager);
      this.rebuilding = { token, promise };
      void promise
        .then(
          (schedule) => {
            // Only if nothing newer was cached meanwhile.
            if (this.cached === cached && !this.writing) this.cached = { token, schedule };
          },
          () => undefined,
        )
        .finally(() => {
          if (this.rebuilding?.promise === promise) this.rebuilding = null;
        });
    }
    return this.rebuilding.promise;
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
    // A change after another in the same transaction (a consumer's batch) holds the lock already,
    // and knows the token: as the change before left it.
    let locked = this.lockedBy.get(tx.manager);
    if (!locked) {
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}.plan`]);
      const token = await this.token(tx.manager);
      locked = { committed: token, current: token };
      this.lockedBy.set(tx.manager, locked);
    }
    const token = locked.current;
    // Until this transaction commits, readers keep reading its plan while the database shows `committed`.
    const committedFrom = locked.committed === token ? undefined : locked.committed;
    const cached = this.cached;
    const schedule = cached?.token === token ? cached.schedule : await loadSchedule(tx.manager);
    const session = new PlanSession(tx, schedule);
    const timed = planChangeSeconds.startTimer();
    // From here readers read this session's plan; the cached one is being changed.
    this.writing = session;
    this.cached = null;
    let result: T;
    try {
      result = await work(session);
    } catch (error) {
      timed();
      this.writing = null;
      this.logger.warn(`Planning run failed, the cached plan is dropped: ${(error as Error).message}`);
      throw error;
    }
    timed();
    if (!session.changed) {
      this.cached = { token, committedFrom, schedule: session.schedule };
      this.writing = null;
      return result;
    }
    const next = randomUUID();
    try {
      // Every replica's watch learns the new token when (and only if) this transaction commits.
      const [{ revision }] = await tx.manager.query(
        `WITH u AS (UPDATE "${schema}"."plan_state" SET "token" = $1, "revision" = "revision" + 1 WHERE "id" = 1 RETURNING "revision")
         SELECT "revision", pg_notify($2, $1) FROM u`,
        [next, this.watch.channel],
      );
      // On the session's transaction: after what the change published, even over a run of events.
      await session.tx.publish(SchedulingEvents.planChanged, {
        aggregateId: 'plan',
        aggregateVersion: Number(revision),
        data: { orderIds: [...session.touchedOrders].sort(), factoryIds: [...session.touchedFactories].sort() },
      });
    } catch (error) {
      this.writing = null;
      throw error;
    }
    locked.current = next;
    // If the transaction does not commit, the database keeps another token and the next run rebuilds.
    // The token before stays known as this plan's too: until the commit lands, and after it until
    // the watch has heard of it (the notification follows the commit by a moment). No other change
    // can bring that token back, so it never stands for another plan.
    this.cached = { token: next, committedFrom: locked.committed, schedule: session.schedule };
    this.writing = null;
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

  /**
   * The plan's token for a reader: as the watch last heard it, or when it cannot vouch for it, one
   * query for all the quotes that ask while it runs (at 200 placements a second, one read each was
   * 1.6 statements per order). A quote that joins a read already under way, or asks a moment after
   * another replica's commit, sees the plan as of a moment before it asked: a promise is an estimate.
   */
  private sharedToken(): Promise<string> {
    const announced = this.watch.current();
    if (announced !== undefined) return Promise.resolve(announced);
    if (!this.tokenRead) {
      const read = this.token(this.dataSource.manager);
      this.tokenRead = read;
      void read
        .finally(() => {
          if (this.tokenRead === read) this.tokenRead = null;
        })
        .catch(() => undefined);
    }
    return this.tokenRead;
  }

  private async token(manager: EntityManager): Promise<string> {
    const schema = schemaOf(this.dataSource);
    const rows: Array<{ token: string }> = await manager.query(`SELECT "token" FROM "${schema}"."plan_state" WHERE "id" = 1`);
    return rows[0].token;
  }
}
