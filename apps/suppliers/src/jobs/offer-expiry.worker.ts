import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Queues } from '@atelier/contracts';
import { runInLogContext } from '@atelier/messaging';
import { REDIS_CONNECTION } from '@atelier/platform';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobOffers } from './job-offers.service';
import type { OfferExpiry } from './offer-deadlines';

const SHUTDOWN_GRACE_MS = 5_000;

/** Expires offers whose deadline has passed. Replicas share the queue; each deadline fires once. */
@Processor(Queues.offerDeadlines, { concurrency: 4 })
export class OfferExpiryWorker extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OfferExpiryWorker.name);

  constructor(
    @Inject(REDIS_CONNECTION) private readonly connection: Redis,
    private readonly offers: JobOffers,
  ) {
    super();
  }

  /** Expired under the order's log context (expire() sets it again from the job's row, for the sweep). */
  async process(job: Job<OfferExpiry>): Promise<void> {
    const { jobId, correlationId, orderId } = job.data;
    await runInLogContext({ correlationId, orderId }, () => this.offers.expire(jobId));
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`Offer expiry worker: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<OfferExpiry> | undefined, error: Error): void {
    runInLogContext({ correlationId: job?.data.correlationId, orderId: job?.data.orderId }, () =>
      this.logger.warn(`Expiring offer ${job?.data.jobId} failed: ${error.message}`),
    );
  }

  /** A deadline lost with Redis would leave an offer open for ever; re-arming is idempotent. */
  async onApplicationBootstrap(): Promise<void> {
    await this.offers.rearmDeadlines();
  }

  /**
   * worker.close() waits for the running expiries; a stuck one must not hold up the shutdown.
   * Closed here, before @nestjs/bullmq closes it again (close() keeps its first answer).
   */
  async beforeApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_GRACE_MS)));
    // Without Redis a graceful close waits for a connection that never comes: then close by force at once.
    const force = this.connection.status !== 'ready';
    const outcome = await Promise.race([this.worker.close(force).then(() => 'closed' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn('Offer expiry worker not closed in time');
  }
}
