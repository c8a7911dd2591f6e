import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Clock, produceFailFast, REDIS_CONNECTION, reportQueueDepths } from '@atelier/platform';
import { Queues, withTimeout } from '@atelier/contracts';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** How long closing the queue may take on shutdown. */
const CLOSE_TIMEOUT_MS = 2_000;

/** An expiry job: the offered job, and (for its log lines) the order and correlation id it was offered under. */
export interface OfferExpiry {
  jobId: string;
  /** Absent in expiry jobs armed before these were carried. */
  orderId?: string;
  correlationId?: string;
}

const EXPIRY_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 1_000 },
  removeOnComplete: true,
  // A failed expiry kept under its deterministic id would make every later arming a no-op.
  removeOnFail: true,
};

/** BullMQ job ids may not contain ':'; the id stays deterministic so a repeated trigger adds nothing. */
export function offerExpiryJobId(jobId: string): string {
  return `offer-expiry-${jobId.replace(/:/g, '_')}`;
}

/**
 * One delayed BullMQ job per open offer, firing at its deadline. Scheduling and withdrawing are
 * idempotent; the expiry itself checks the offer's state, so a deadline that could not be
 * withdrawn is harmless. Every call fails at once when Redis is down, within REDIS_PRODUCER_TIMEOUT_MS
 * when it stops answering (produceFailFast); the offer's deadline is also in its row, and the sweep
 * (OfferSweep) expires what Redis never fired. The queue is @nestjs/bullmq's (JobsModule registers it).
 */
@Injectable()
export class OfferDeadlines implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OfferDeadlines.name);
  private stopReporting: (() => void) | null = null;

  constructor(
    @InjectQueue(Queues.offerDeadlines) readonly queue: Queue<OfferExpiry>,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {
    this.queue.on('error', (error) => this.logger.debug(`Offer deadlines queue: ${error.message}`));
  }

  onApplicationBootstrap(): void {
    this.stopReporting = reportQueueDepths(this.queue);
  }

  /** Throws when Redis does not take it in time. */
  async schedule(expiry: OfferExpiry, deadline: Date): Promise<void> {
    const { jobId } = expiry;
    const delay = Math.max(0, deadline.getTime() - this.clock.nowMs());
    await this.produce(
      () => this.queue.add('expire-offer', expiry, { ...EXPIRY_OPTIONS, jobId: offerExpiryJobId(jobId), delay }),
      `arming the deadline of job ${jobId}`,
    );
  }

  /** Best effort, never throws: a deadline not armed now is expired by the sweep. */
  async arm(expiry: OfferExpiry, deadline: Date): Promise<void> {
    try {
      await this.schedule(expiry, deadline);
    } catch (error) {
      this.logger.warn(`Offer deadline of job ${expiry.jobId} not armed, the sweep will expire it: ${(error as Error).message}`);
    }
  }

  /** Best effort, never throws: the deadlines of offers stored together, armed in one call to Redis. */
  async armAll(expiries: OfferExpiry[], deadline: Date): Promise<void> {
    const delay = Math.max(0, deadline.getTime() - this.clock.nowMs());
    try {
      await this.produce(
        () =>
          this.queue.addBulk(
            expiries.map((expiry) => ({
              name: 'expire-offer',
              data: expiry,
              opts: { ...EXPIRY_OPTIONS, jobId: offerExpiryJobId(expiry.jobId), delay },
            })),
          ),
        `arming the deadlines of ${expiries.length} job(s)`,
      );
    } catch (error) {
      this.logger.warn(
        `Offer deadlines of ${expiries.length} job(s) not armed, the sweep will expire them: ${(error as Error).message}`,
      );
    }
  }

  /** Best effort, never throws: a deadline left behind finds the offer answered and does nothing. */
  async withdraw(jobId: string): Promise<void> {
    try {
      await this.produce(() => this.queue.remove(offerExpiryJobId(jobId)), `withdrawing the deadline of job ${jobId}`);
    } catch (error) {
      this.logger.warn(`Offer deadline of job ${jobId} not withdrawn: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopReporting?.();
    await withTimeout(this.queue.close(), CLOSE_TIMEOUT_MS, 'closing the offer deadlines queue').catch(() => undefined);
  }

  private produce<T>(call: () => Promise<T>, what: string): Promise<T> {
    return produceFailFast(this.redis, call, what);
  }
}
