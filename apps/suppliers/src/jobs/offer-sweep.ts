import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { schemaOf } from '@atelier/messaging';
import { DataSource } from 'typeorm';
import { JobOffers } from './job-offers.service';

/** How often open offers past their deadline are looked for. */
export const OFFER_SWEEP_INTERVAL_MS = 60_000;
/** Offers expired by one sweep at most; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/**
 * The safety net of offer deadlines: an expiry job that failed, was lost with Redis, or was never
 * armed (Redis down) would leave an offer open for ever. Every minute one replica (the one that
 * gets the advisory lock) expires the overdue offers through the same path as the expiry job.
 */
@Injectable()
export class OfferSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OfferSweep.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly offers: JobOffers,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((error: Error) => this.logger.warn(`Offer sweep: ${error.message}`)),
      OFFER_SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Expires overdue offers unless another replica is sweeping; returns how many it expired. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const key = `${schemaOf(this.dataSource)}.offer-sweep`;
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS "locked"', [key]);
      if (!locked) return 0;
      try {
        let expired = 0;
        for (const jobId of await this.offers.overdueOffers(SWEEP_BATCH)) {
          // Each in its own transaction, locked and re-checked there: an answer meanwhile wins.
          if (await this.offers.expire(jobId).catch((error: Error) => this.logger.warn(`Expiring ${jobId}: ${error.message}`)))
            expired++;
        }
        if (expired > 0) this.logger.warn(`Offer sweep expired ${expired} offers whose expiry job never fired`);
        return expired;
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
