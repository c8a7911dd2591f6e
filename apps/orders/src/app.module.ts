import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EventsModule, MessagingModule, NATS_CONNECTION } from '@atelier/messaging';
import { databaseModule, HealthModule, type ServiceConfig, messagingOptionsOf } from '@atelier/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency/idempotency-key.entity';
import { InitialSchema1764500000000 } from './migrations/1764500000000-initial-schema';
import { LineJobRework1764500000001 } from './migrations/1764500000001-line-job-rework';
import { PlanRevision1764500000002 } from './migrations/1764500000002-plan-revision';
import { StuckWatchdog1764500000003 } from './migrations/1764500000003-stuck-watchdog';
import { OrderLineEntity } from './orders/order-line.entity';
import { OrderEntity } from './orders/order.entity';
import { OrdersModule } from './orders/orders.module';
import { TimelineEntryEntity } from './orders/timeline-entry.entity';
import { LineJobEntity } from './production/line-job.entity';
import { LineShipmentEntity } from './production/line-shipment.entity';
import { QuoteEntity } from './quotes/quote.entity';

const entities = [
  OrderEntity,
  OrderLineEntity,
  TimelineEntryEntity,
  IdempotencyKeyEntity,
  LineJobEntity,
  LineShipmentEntity,
  QuoteEntity,
];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forService(messagingOptionsOf(config)),
        databaseModule(config, { entities, migrations: [InitialSchema1764500000000, LineJobRework1764500000001, PlanRevision1764500000002, StuckWatchdog1764500000003] }),
        EventsModule,
        HealthModule.register({
          config,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) => [
            { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
            { name: 'nats', check: () => nc.flush() },
          ],
        }),
        OrdersModule.forSettings(),
      ],
    };
  }
}
