import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { JobProgress } from '../jobs/job-progress.service';
import { NetworkProjection } from '../network/network.service';
import { TransferTimesHandlers } from '../network/transfer-times.handlers';
import { TransferTimes } from '../network/transfer-times.service';
import { OrderEventHandlers } from './order-events.handlers';
import { OrderPlanning } from './order-planning.service';
import { PlanningRuns } from './planning-runs.service';
import { PlanMoves } from './plan-moves';
import { PlanStore } from './plan-store';
import { PlanningQueue } from './planning-queue';
import { QuoteService } from './quote.service';
import { ReworkPlanning } from './rework-planning.service';
import { SchedulingRequestHandlers } from './scheduling.handlers';
import { SCHEDULING_CONFIG, SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';
import { ScheduleView } from './schedule-view.service';
import { SupplierEventHandlers } from './supplier-events.handlers';

/** The plan: its store and lock, order planning, job progress, the network projection (factories, transfer times) and their entry points. */
@Module({})
export class PlanningModule {
  static forConfig(config: ServiceConfig, settings: SchedulingSettings): DynamicModule {
    return {
      module: PlanningModule,
      // Global so the health checks can reach the Redis connection of the queue.
      global: true,
      providers: [
        { provide: SCHEDULING_CONFIG, useValue: config },
        { provide: SCHEDULING_SETTINGS, useValue: settings },
        PlanStore,
        OrderPlanning,
        PlanMoves,
        ReworkPlanning,
        JobProgress,
        NetworkProjection,
        TransferTimes,
        PlanningQueue,
        PlanningRuns,
        QuoteService,
        ScheduleView,
        OrderEventHandlers,
        SupplierEventHandlers,
        SchedulingRequestHandlers,
        TransferTimesHandlers,
      ],
      exports: [PlanningQueue],
    };
  }
}
