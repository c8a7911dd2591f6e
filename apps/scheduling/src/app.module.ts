import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKit, type ServiceConfig } from '@atelier/platform';
import { JobReportsModule } from './job-reports/job-reports.module';
import { JobEntity } from './jobs/job.entity';
import { InitialSchema1764400000000 } from './migrations/1764400000000-initial-schema';
import { FactoryEntity } from './network/factory.entity';
import { NetworkModule } from './network/network.module';
import { OrderPlanningModule } from './order-planning/order-planning.module';
import { JobRework1764400000001 } from './migrations/1764400000001-job-rework';
import { TransferTimes1764400000002 } from './migrations/1764400000002-transfer-times';
import { JobScrap1764400000003 } from './migrations/1764400000003-job-scrap';
import { ScheduleOrderIndex1764400000100 } from './migrations/1764400000100-schedule-order-index';
import { CompletedOrders1764400000200 } from './migrations/1764400000200-completed-orders';
import { TransferTimesEntity } from './network/transfer-times.entity';
import { OrderPlanEntity } from './plan/order-plan.entity';
import { PlanModule } from './plan/plan.module';
import { readSchedulingSettings, type SchedulingSettings } from './plan/scheduling-config';
import { QueriesModule } from './queries/queries.module';

const entities = [FactoryEntity, JobEntity, OrderPlanEntity, TransferTimesEntity];
const migrations = [
  InitialSchema1764400000000,
  JobRework1764400000001,
  TransferTimes1764400000002,
  JobScrap1764400000003,
  ScheduleOrderIndex1764400000100,
  CompletedOrders1764400000200,
];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig, settings: SchedulingSettings = readSchedulingSettings()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forService({
          config,
          entities,
          migrations,
          // The planning queue runs on the kit's Redis connections (and Redis is a readiness check).
          queues: true,
        }),
        PlanModule.forConfig(config, settings),
        OrderPlanningModule,
        JobReportsModule,
        NetworkModule,
        QueriesModule,
      ],
    };
  }
}
