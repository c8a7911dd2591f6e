import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { JobProgress } from '../jobs/job-progress.service';
import { NetworkProjection } from '../network/network.service';
import { NetworkReplanQueue } from './network-replan.queue';
import { OrderEventHandlers } from './order-events.handlers';
import { OrderPlanning } from './order-planning.service';
import { PlanStore } from './plan-store';
import { QuoteService } from './quote.service';
import { SchedulingRequestHandlers } from './scheduling.handlers';
import { SCHEDULING_CONFIG } from './scheduling-config';
import { ScheduleView } from './schedule-view.service';
import { SupplierEventHandlers } from './supplier-events.handlers';

/** The plan: its store and lock, order planning, job progress, the network projection and their entry points. */
@Module({})
export class PlanningModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: PlanningModule,
      // Global so the health checks can reach the Redis connection of the queue.
      global: true,
      providers: [
        { provide: SCHEDULING_CONFIG, useValue: config },
        PlanStore,
        OrderPlanning,
        JobProgress,
        NetworkProjection,
        NetworkReplanQueue,
        QuoteService,
        ScheduleView,
        OrderEventHandlers,
        SupplierEventHandlers,
        SchedulingRequestHandlers,
      ],
      exports: [NetworkReplanQueue],
    };
  }
}
