import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EventsModule, MessagingModule, NATS_CONNECTION } from '@atelier/messaging';
import { databaseModule, HealthModule, type ServiceConfig, messagingOptionsOf } from '@atelier/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { FactoriesModule } from './factories/factories.module';
import { FactoryEntity } from './factories/factory.entity';
import { InfrastructureModule, REDIS_PRODUCER_CONNECTION } from './infrastructure/infrastructure.module';
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

const entities = [CustomerEntity, SupplierEntity, TokenEntity, FactoryEntity, JobEntity, WithdrawnJobEntity, ClosedOrderEntity, ShipmentEntity];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forConfig(config),
        MessagingModule.forService(messagingOptionsOf(config)),
        databaseModule(config, { entities, migrations: [InitialSchema1764400000000, WithdrawnJobs1764400000001, ClosedOrders1764400000002, IdempotencyKeys1764400000003, ScheduleRevision1764400000004] }),
        EventsModule,
        HealthModule.register({
          config,
          inject: [getDataSourceToken(), NATS_CONNECTION, REDIS_PRODUCER_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection, redis: Redis) => [
            { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
            { name: 'nats', check: () => nc.flush() },
            { name: 'redis', check: async () => void (await redis.ping()) },
          ],
        }),
        PrincipalsModule,
        FactoriesModule,
        JobsModule,
        ShipmentsModule,
      ],
    };
  }
}
