import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OrderEvents, orderStatuses } from '@atelier/contracts';
import { UnitOfWork } from '@atelier/messaging';
import { Clock } from '@atelier/platform';
import { Gauge } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrderEntity } from '../orders/order.entity';
import { stuckOf, WATCHDOG_SETTINGS, whereStuck, type WatchdogSettings } from './stuck-rules';

const stuckOrders = new Gauge({
  name: 'atelier_orders_stuck',
  help: 'Orders in a non-final status for longer than they should be (the watchdog rule), by status',
  labelNames: ['status'],
});

/** Orders told about per sweep at most: the rest are told on the next sweep. */
const SWEEP_BATCH = 200;

/**
 * Notices orders that sit in one status far longer than they should (stuck-rules.ts): each is
 * told once per status change as `order.stuck` on ORDERS, counted in `atelier_orders_stuck`, and
 * listed by `GET /v1/admin/orders?stuck=true`. Every replica sweeps; a conditional update makes
 * exactly one of them tell each order.
 */
@Injectable()
export class OrderWatchdog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderWatchdog.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    @Inject(WATCHDOG_SETTINGS) private readonly settings: WatchdogSettings,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.intervalSeconds === 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`Stuck-order sweep failed: ${error.message}`));
    }, this.settings.intervalSeconds * 1_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One sweep (one at a time per replica): tells each newly stuck order, updates the gauge. Returns how many were told. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    const stuck = whereStuck(this.dataSource.manager.createQueryBuilder(OrderEntity, 'o'), this.settings, now);
    const counts = await stuck
      .clone()
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany<{ status: string; count: string }>();
    for (const status of orderStatuses) stuckOrders.set({ status }, Number(counts.find((c) => c.status === status)?.count ?? 0));
    const untold = await stuck
      .andWhere('o.stuck_reported_version IS DISTINCT FROM o.version')
      .orderBy('o.updated_at', 'ASC')
      .limit(SWEEP_BATCH)
      .getMany();
    let told = 0;
    for (const order of untold) if (await this.tell(order, now)) told++;
    if (told > 0) this.logger.warn(`${told} order(s) are stuck (GET /v1/admin/orders?stuck=true)`);
    return told;
  }

  /** Claims the report at the order's version (another replica may be telling it too) and publishes order.stuck with it. */
  private async tell(order: OrderEntity, now: Date): Promise<boolean> {
    const stuck = stuckOf(order, this.settings, now);
    if (!stuck) return false;
    return this.unitOfWork.run({ correlationId: randomUUID() }, async (tx) => {
      const claimed = await tx.manager
        .createQueryBuilder()
        .update(OrderEntity)
        .set({ stuckReportedVersion: order.version })
        .where('id = :id AND version = :version AND stuck_reported_version IS DISTINCT FROM version', {
          id: order.id,
          version: order.version,
        })
        .execute();
      if (claimed.affected !== 1) return false;
      await tx.publish(OrderEvents.stuck, {
        aggregateId: order.id,
        aggregateVersion: order.version,
        data: { orderId: order.id, customerId: order.customerId, status: order.status, ...stuck },
      });
      return true;
    });
  }
}
