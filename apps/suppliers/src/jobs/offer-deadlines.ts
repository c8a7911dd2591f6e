import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { REDIS_CONNECTION, SERVICE_CONFIG } from '../infrastructure/infrastructure.module';

export const OFFER_DEADLINES_QUEUE = 'offer-deadlines';

export interface OfferExpiry {
  jobId: string;
}

/** BullMQ job ids may not contain ':'; the id stays deterministic so a repeated trigger adds nothing. */
export function offerExpiryJobId(jobId: string): string {
  return `offer-expiry-${jobId.replace(/:/g, '_')}`;
}

/** The queue prefix isolates deployments and test runs sharing one Redis, like the NATS namespace. */
export function queuePrefix(config: Pick<ServiceConfig, 'namespace'>): string {
  return config.namespace || 'atelier';
}

/**
 * One delayed BullMQ job per open offer, firing at its deadline. Scheduling and withdrawing are
 * idempotent; the expiry itself checks the offer's state, so a deadline that could not be
 * withdrawn is harmless.
 */
@Injectable()
export class OfferDeadlines implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OfferDeadlines.name);
  readonly queue: Queue<OfferExpiry>;

  constructor(@Inject(REDIS_CONNECTION) connection: Redis, @Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.queue = new Queue<OfferExpiry>(OFFER_DEADLINES_QUEUE, { connection, prefix: queuePrefix(config) });
  }

  async schedule(jobId: string, deadline: Date): Promise<void> {
    await this.queue.add(
      'expire-offer',
      { jobId },
      {
        jobId: offerExpiryJobId(jobId),
        delay: Math.max(0, deadline.getTime() - Date.now()),
        attempts: 8,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: true,
        removeOnFail: 1_000,
      },
    );
  }

  /** Best effort: a deadline left behind finds the offer answered and does nothing. */
  async withdraw(jobId: string): Promise<void> {
    try {
      await this.queue.remove(offerExpiryJobId(jobId));
    } catch (error) {
      this.logger.warn(`Offer deadline of job ${jobId} not withdrawn: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
