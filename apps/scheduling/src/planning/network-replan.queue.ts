import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { UnitOfWork } from '@atelier/messaging';
import type { ServiceConfig } from '@atelier/platform';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { OrderPlanning } from './order-planning.service';
import { PlanStore } from './plan-store';
import { SCHEDULING_CONFIG } from './scheduling-config';

export const PLANNING_QUEUE = 'scheduling-planning';
/** While a retry waits, further network changes add nothing: the waiting run will see them all. */
export const REPLAN_NETWORK = 'replan-network';
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Planning runs on BullMQ: the retry of unplannable orders after the network changed. One run at
 * a time per worker, and the plan lock serializes runs across replicas.
 */
@Injectable()
export class NetworkReplanQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NetworkReplanQueue.name);
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;

  constructor(
    @Inject(SCHEDULING_CONFIG) private readonly config: ServiceConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly store: PlanStore,
    private readonly planning: OrderPlanning,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(PLANNING_QUEUE, { connection: this.connection, prefix: this.prefix });
  }

  private get prefix(): string {
    return this.config.namespace || 'atelier';
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  /**
   * Coalesced: one deduplication id for every request, so at most one run waits; a request made
   * while a run is active is kept and runs after it (that run may have read the network too early).
   */
  async requestRetry(): Promise<void> {
    await this.queue.add(
      REPLAN_NETWORK,
      {},
      {
        deduplication: { id: REPLAN_NETWORK, keepLastIfActive: true },
        attempts: 5,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(PLANNING_QUEUE, () => this.retryUnplannable(), {
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

  private async retryUnplannable(): Promise<void> {
    const retried = await this.unitOfWork.run({ correlationId: randomUUID() }, (tx) =>
      this.store.change(tx, (session) => this.planning.retryUnplannable(session)),
    );
    this.logger.log(`Retried ${retried} unplannable orders after a network change`);
  }
}
