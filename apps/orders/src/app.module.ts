import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKit, type ServiceConfig } from '@atelier/platform';
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
import { readWatchdogSettings, WATCHDOG_SETTINGS, type WatchdogSettings } from './watchdog/stuck-rules';

const entities = [
  OrderEntity,
  OrderLineEntity,
  TimelineEntryEntity,
  IdempotencyKeyEntity,
  LineJobEntity,
  LineShipmentEntity,
  QuoteEntity,
];

const migrations = [
  InitialSchema1764500000000,
  LineJobRework1764500000001,
  PlanRevision1764500000002,
  StuckWatchdog1764500000003,
];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig, watchdog: WatchdogSettings = readWatchdogSettings()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forService({ config, entities, migrations, settings: { provide: WATCHDOG_SETTINGS, useValue: watchdog } }),
        OrdersModule,
      ],
    };
  }
}
