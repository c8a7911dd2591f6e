import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { SCHEDULING_CONFIG } from './scheduling-config';

export const PLANNING_QUEUE = 'scheduling-planning';
/** Retry of unplannable orders after the network changed. */
export const REPLAN_NETWORK = 'replan-network';
/** The background improvement pass. */
export const IMPROVE_PLAN = 'improve-plan';
export type PlanningRun = typeof REPLAN_NETWORK | typeof IMPROVE_PLAN;

const CLOSE_TIMEOUT_MS = 5_000;

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
 */
@Injectable()
export class PlanningQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanningQueue.name);
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly runners = new Map<string, () => Promise<void>>();
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;

  constructor(@Inject(SCHEDULING_CONFIG) private readonly config: ServiceConfig) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(PLANNING_QUEUE, { connection: this.connection, prefix: this.prefix });
  }

  get prefix(): string {
    return this.config.namespace || 'atelier';
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  /** What a run of this kind does; registered by the feature that owns it, before the worker starts. */
  register(run: PlanningRun, work: () => Promise<void>): void {
    this.runners.set(run, work);
  }

  async request(run: PlanningRun, options: { delayMs?: number } = {}): Promise<void> {
    await this.queue.add(
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
  }

  /** Runs of a kind waiting, delayed or active (for tests and operators). */
  async pending(run: PlanningRun): Promise<number> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    return jobs.filter((job) => job?.name === run).length;
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(PLANNING_QUEUE, (job) => this.runnerOf(job.name)(), {
      connection: (this.workerConnection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null })),
      prefix: this.prefix,
      concurrency: 1,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`${job?.name} failed: ${error.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const closing = Promise.all([this.worker?.close(), this.queue.close()]);
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
