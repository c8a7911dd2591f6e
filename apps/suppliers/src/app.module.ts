import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKit, type ServiceConfig } from '@atelier/platform';
import { FactoriesModule } from './factories/factories.module';
import { FactoryEntity } from './factories/factory.entity';
import { ClosedOrderEntity } from './jobs/closed-order.entity';
import { JobEntity } from './jobs/job.entity';
import { JobsModule } from './jobs/jobs.module';
import { WithdrawnJobEntity } from './jobs/withdrawn-job.entity';
import { InitialSchema1764400000000 } from './migrations/1764400000000-initial-schema';
import { WithdrawnJobs1764400000001 } from './migrations/1764400000001-withdrawn-jobs';
import { ClosedOrders1764400000002 } from './migrations/1764400000002-closed-orders';
import { IdempotencyKeys1764400000003 } from './migrations/1764400000003-idempotency-keys';
import { ScheduleRevision1764400000004 } from './migrations/1764400000004-schedule-revision';
import { CustomerEntity, SupplierEntity, TokenEntity } from './principals/principal.entities';
import { PrincipalsModule } from './principals/principals.module';
import { ShipmentEntity } from './shipments/shipment.entity';
import { ShipmentsModule } from './shipments/shipments.module';
import { readSuppliersSettings, SUPPLIERS_SETTINGS, type SuppliersSettings } from './suppliers-settings';

const entities = [
  CustomerEntity,
  SupplierEntity,
  TokenEntity,
  FactoryEntity,
  JobEntity,
  WithdrawnJobEntity,
  ClosedOrderEntity,
  ShipmentEntity,
];

const migrations = [
  InitialSchema1764400000000,
  WithdrawnJobs1764400000001,
  ClosedOrders1764400000002,
  IdempotencyKeys1764400000003,
  ScheduleRevision1764400000004,
];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig, settings: SuppliersSettings = readSuppliersSettings()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forService({
          config,
          entities,
          migrations,
          queues: true,
          settings: { provide: SUPPLIERS_SETTINGS, useValue: settings },
        }),
        PrincipalsModule,
        FactoriesModule,
        JobsModule,
        ShipmentsModule,
      ],
    };
  }
}
