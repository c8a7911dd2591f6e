import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { produceFailFast, REDIS_CONNECTION, reportQueueDepths } from '@atelier/platform';
import { Queues, withTimeout } from '@atelier/contracts';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { planningRunSeconds } from './planning-metrics';

/** Retry of unplannable orders after the network changed. */
export const REPLAN_NETWORK = 'replan-network';
/** The background improvement pass. */
export const IMPROVE_PLAN = 'improve-plan';
export type PlanningRun = typeof REPLAN_NETWORK | typeof IMPROVE_PLAN;

const CLOSE_TIMEOUT_MS = 5_000;
/** How often runs whose trigger failed are asked for again. */
const CATCH_UP_INTERVAL_MS = 30_000;

const runOptions: Record<PlanningRun, JobsOptions> = {
  [REPLAN_NETWORK]: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } },
  // A failed pass is not worth a retry: the next plan change asks for another.
  [IMPROVE_PLAN]: { attempts: 1 },
};

/**
 * Planning runs on BullMQ (@nestjs/bullmq's queue, PlanModule registers it), one worker with
 * concurrency 1 per replica (PlanningWorker); the plan lock serializes runs across replicas. Each
 * kind of run is coalesced under one deduplication id: while a run waits, further requests add
 * nothing (the waiting run will see their changes); a request made while a run is active is kept
 * and runs after it (that run may have read the plan too early).
 *
 * Every add fails fast (produceFailFast): refused at once while Redis is down, failed within
 * REDIS_PRODUCER_TIMEOUT_MS when it stops answering; the failure is logged, and the run is asked
 * for again every CATCH_UP_INTERVAL_MS until Redis takes it. Only the worker waits for Redis.
 */
@Injectable()
export class PlanningQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanningQueue.name);
  private readonly runners = new Map<string, () => Promise<void>>();
  /** Runs whose trigger failed, with their options: asked for again by the catch-up timer. */
  private readonly missed = new Map<PlanningRun, { delayMs?: number }>();
  private catchUp: NodeJS.Timeout | null = null;
  private stopReporting: (() => void) | null = null;

  constructor(
    @InjectQueue(Queues.planning) private readonly queue: Queue,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
  ) {
    this.queue.on('error', (error) => this.logger.debug(`Planning queue: ${error.message}`));
  }

  /** What a run of this kind does; registered by the feature that owns it, before the worker starts. */
  register(run: PlanningRun, work: () => Promise<void>): void {
    this.runners.set(run, work);
  }

  /** Adds a run; fails (rather than waits) when Redis does not take it at once or in time. */
  async request(run: PlanningRun, options: { delayMs?: number } = {}): Promise<void> {
    await produceFailFast(
      this.redis,
      () =>
        this.queue.add(
          run,
          {},
          {
            ...runOptions[run],
            delay: options.delayMs,
            deduplication: { id: run, keepLastIfActive: true },
            removeOnComplete: true,
            removeOnFail: 100,
          },
        ),
      `requesting ${run}`,
    );
  }

  /**
   * Asks for a run without waiting for Redis (call it after the commit, outside the plan lock).
   * A failure is logged and the run asked for again by the catch-up timer.
   */
  trigger(run: PlanningRun, options: { delayMs?: number } = {}): void {
    this.request(run, options).then(
      () => this.missed.delete(run),
      (error: Error) => {
        this.logger.warn(`${run} not requested (asked again within ${CATCH_UP_INTERVAL_MS / 1_000} s): ${error.message}`);
        this.missed.set(run, options);
      },
    );
  }

  /** Runs whose trigger failed and is still to be caught up (for tests and operators). */
  missedRuns(): PlanningRun[] {
    return [...this.missed.keys()];
  }

  /** Runs of a kind waiting, delayed or active (for tests and operators). */
  async pending(run: PlanningRun): Promise<number> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    return jobs.filter((job) => job?.name === run).length;
  }

  onApplicationBootstrap(): void {
    this.catchUp = setInterval(() => this.catchUpMissed(), CATCH_UP_INTERVAL_MS);
    this.catchUp.unref();
    this.stopReporting = reportQueueDepths(this.queue);
  }

  /** One run, by its job's name (PlanningWorker), timed. */
  async run(name: string): Promise<void> {
    const timed = planningRunSeconds.startTimer({ run: name });
    try {
      await this.runnerOf(name)();
      timed({ outcome: 'ok' });
    } catch (error) {
      timed({ outcome: 'failed' });
      throw error;
    }
  }

  private catchUpMissed(): void {
    for (const [run, options] of this.missed) this.trigger(run, options);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopReporting?.();
    if (this.catchUp) clearInterval(this.catchUp);
    await withTimeout(this.queue.close(), CLOSE_TIMEOUT_MS, 'closing the planning queue').catch((error: Error) =>
      this.logger.warn(`Closing BullMQ: ${error.message}`),
    );
  }

  private runnerOf(name: string): () => Promise<void> {
    const work = this.runners.get(name);
    if (!work) throw new Error(`No planning run named ${name}`);
    return work;
  }
}
