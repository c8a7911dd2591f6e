import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Queues } from '@atelier/contracts';
import { REDIS_CONNECTION } from '@atelier/platform';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { PlanningQueue } from './planning-queue';

const CLOSE_TIMEOUT_MS = 5_000;

/**
 * The planning runs, one at a time per replica. Started at the app's bootstrap (not when
 * @nestjs/bullmq creates it): by then every feature has registered what its runs do.
 */
@Processor(Queues.planning, { concurrency: 1, autorun: false })
export class PlanningWorker extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanningWorker.name);

  constructor(
    @Inject(REDIS_CONNECTION) private readonly connection: Redis,
    private readonly runs: PlanningQueue,
  ) {
    super();
  }

  process(job: Job): Promise<void> {
    return this.runs.run(job.name);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`${job?.name} failed: ${error.message}`);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.debug(`Planning worker: ${error.message}`);
  }

  onApplicationBootstrap(): void {
    this.worker.run().catch((error: Error) => this.logger.warn(`Planning worker stopped: ${error.message}`));
  }

  /**
   * Without Redis a graceful close waits for a connection that never comes: then the worker is
   * closed by force. Closed here, before @nestjs/bullmq closes it again (close() keeps its first answer).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const force = this.connection.status !== 'ready';
    const closing = this.worker.close(force);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    await Promise.race([closing, timeout]).catch((error: Error) => this.logger.warn(`Closing BullMQ: ${error.message}`));
  }
}
