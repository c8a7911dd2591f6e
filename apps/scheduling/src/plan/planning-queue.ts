import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { reportQueueDepths, type ServiceConfig } from '@atelier/platform';
import { queuePrefix, Queues, withTimeout } from '@atelier/contracts';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { planningRunSeconds } from './planning-metrics';
import { SCHEDULING_CONFIG } from './scheduling-config';

/** Retry of unplannable orders after the network changed. */
export const REPLAN_NETWORK = 'replan-network';
/** The background improvement pass. */
export const IMPROVE_PLAN = 'improve-plan';
export type PlanningRun = typeof REPLAN_NETWORK | typeof IMPROVE_PLAN;

const CLOSE_TIMEOUT_MS = 5_000;
/** How long adding a run may take before it counts as failed: a Redis outage must not hold up planning. */
const ADD_TIMEOUT_MS = 2_000;
/** How often runs whose trigger failed are asked for again. */
const CATCH_UP_INTERVAL_MS = 30_000;

const runOptions: Record<PlanningRun, JobsOptions> = {
  [REPLAN_NETWORK]: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } },
  // A failed pass is not worth a retry: the next plan change asks for another.
  [IMPROVE_PLAN]: { attempts: 1 },
};

/**
 * Planning runs on BullMQ, one worker with concurrency 1 per replica; the plan lock serializes
 * runs across replicas. Each kind of run is coalesced under one deduplication id: while a run
 * waits, further requests add nothing (the waiting run will see their changes); a request made
 * while a run is active is kept and runs after it (that run may have read the plan too early).
 *
 * The producer has its own connection that fails fast (no offline queue, one retry), and every add
 * is bounded: with Redis down a trigger fails in at most ADD_TIMEOUT_MS, is logged, and is asked
 * for again every CATCH_UP_INTERVAL_MS until Redis takes it. Only the worker waits for Redis.
 */
@Injectable()
export class PlanningQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanningQueue.name);
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly runners = new Map<string, () => Promise<void>>();
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;
  /** Runs whose trigger failed, with their options: asked for again by the catch-up timer. */
  private readonly missed = new Map<PlanningRun, { delayMs?: number }>();
  private catchUp: NodeJS.Timeout | null = null;
  private stopReporting: (() => void) | null = null;

  constructor(@Inject(SCHEDULING_CONFIG) private readonly config: ServiceConfig) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.queue = new Queue(Queues.planning, { connection: this.connection, prefix: this.prefix });
    this.queue.on('error', (error) => this.logger.debug(`Planning queue: ${error.message}`));
  }

  get prefix(): string {
    return queuePrefix(this.config.namespace);
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  /** What a run of this kind does; registered by the feature that owns it, before the worker starts. */
  register(run: PlanningRun, work: () => Promise<void>): void {
    this.runners.set(run, work);
  }

  /** Adds a run; fails (rather than waits) when Redis does not take it within ADD_TIMEOUT_MS. */
  async request(run: PlanningRun, options: { delayMs?: number } = {}): Promise<void> {
    const adding = this.queue.add(
      run,
      {},
      {
        ...runOptions[run],
        delay: options.delayMs,
        deduplication: { id: run, keepLastIfActive: true },
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
    await withTimeout(adding, ADD_TIMEOUT_MS, `Redis did not take the run in ${ADD_TIMEOUT_MS} ms`);
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
    this.worker = new Worker(Queues.planning, (job) => this.run(job.name), {
      connection: (this.workerConnection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null })),
      prefix: this.prefix,
      concurrency: 1,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`${job?.name} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.debug(`Planning worker: ${error.message}`));
    this.catchUp = setInterval(() => this.catchUpMissed(), CATCH_UP_INTERVAL_MS);
    this.catchUp.unref();
    this.stopReporting = reportQueueDepths(this.queue);
  }

  private async run(name: string): Promise<void> {
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
    // Without Redis a graceful close waits for a connection that never comes (and leaves the
    // worker's own reconnecting connection behind): then the worker is closed by force.
    const force = this.workerConnection?.status !== 'ready';
    const closing = Promise.all([this.worker?.close(force), this.queue.close()]);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    await Promise.race([closing, timeout]).catch((error: Error) => this.logger.warn(`Closing BullMQ: ${error.message}`));
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }

  private runnerOf(name: string): () => Promise<void> {
    const work = this.runners.get(name);
    if (!work) throw new Error(`No planning run named ${name}`);
    return work;
  }
}
