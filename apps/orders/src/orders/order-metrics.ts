import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { orderStatuses } from '@atelier/contracts';
import { cachedFor, ScrapedGauge } from '@atelier/messaging';
import { DataSource } from 'typeorm';
import { OrderEntity } from './order.entity';

const ordersByStatus = new ScrapedGauge('atelier_orders', 'Orders by status (every status, 0 when none)', ['status']);

/** How long one count serves scrapes: a GROUP BY over every order is cheap, but not per request. */
const COUNT_CACHE_MS = 5_000;

/** Orders by status, counted when Prometheus scrapes (at most every COUNT_CACHE_MS), never on a request's path. */
@Injectable()
export class OrderMetrics implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopReporting: (() => void) | null = null;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const counts = cachedFor(COUNT_CACHE_MS, () => this.countByStatus());
    this.stopReporting = ordersByStatus.readBy(async () => {
      const counted = await counts();
      return orderStatuses.map((status) => ({ labels: { status }, value: counted.get(status) ?? 0 }));
    });
  }

  beforeApplicationShutdown(): void {
    this.stopReporting?.();
  }

  private async countByStatus(): Promise<Map<string, number>> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OrderEntity, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany<{ status: string; count: string }>();
    return new Map(rows.map((row) => [row.status, Number(row.count)]));
  }
}
