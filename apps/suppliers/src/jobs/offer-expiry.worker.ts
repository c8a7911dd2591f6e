import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { queuePrefix, Queues } from '@atelier/contracts';
import { runInLogContext } from '@atelier/messaging';
import { REDIS_CONNECTION, SERVICE_CONFIG, type ServiceConfig } from '@atelier/platform';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobOffers } from './job-offers.service';
import type { OfferExpiry } from './offer-deadlines';

const SHUTDOWN_GRACE_MS = 5_000;

/** Expires offers whose deadline has passed. Replicas share the queue; each deadline fires once. */
@Injectable()
export class OfferExpiryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OfferExpiryWorker.name);
  private worker: Worker<OfferExpiry> | null = null;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly connection: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly offers: JobOffers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Expired under the order's log context (expire() sets it again from the job's row, for the sweep).
    const expire = (expiry: OfferExpiry) =>
      runInLogContext({ correlationId: expiry.correlationId, orderId: expiry.orderId }, () => this.offers.expire(expiry.jobId));
    this.worker = new Worker<OfferExpiry>(Queues.offerDeadlines, (job) => expire(job.data), {
      connection: this.connection,
      prefix: queuePrefix(this.config.namespace),
      concurrency: 4,
    });
    this.worker.on('error', (error) => this.logger.error(`Offer expiry worker: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      runInLogContext({ correlationId: job?.data.correlationId, orderId: job?.data.orderId }, () =>
        this.logger.warn(`Expiring offer ${job?.data.jobId} failed: ${error.message}`),
      ),
    );
    // A deadline lost with Redis would leave an offer open for ever; re-arming is idempotent.
    await this.offers.rearmDeadlines();
  }

  /** worker.close() waits for the running expiries; a stuck one must not hold up the shutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_GRACE_MS)));
    // Without Redis a graceful close waits for a connection that never comes (and close() keeps
    // its first answer, so a later close(true) would change nothing): then close by force at once.
    const force = this.connection.status !== 'ready';
    const outcome = await Promise.race([worker.close(force).then(() => 'closed' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn('Offer expiry worker not closed in time');
  }
}
