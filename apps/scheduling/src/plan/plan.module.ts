import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Queues } from '@atelier/contracts';
import type { ServiceConfig } from '@atelier/platform';
import { ImprovementRuns } from './improvement-runs';
import { OrderPromises } from './order-promises';
import { PlanMoves } from './plan-moves';
import { PlanStore } from './plan-store';
import { PlanningQueue } from './planning-queue';
import { PlanningWorker } from './planning-worker';
import { SCHEDULING_CONFIG, SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';

const shared = [PlanStore, PlanMoves, OrderPromises, PlanningQueue, ImprovementRuns];

/**
 * The plan every use case changes or reads: its store and lock (PlanStore, PlanSession), the
 * schedule loader, applying the engine's moves, the orders' promises and holds, the BullMQ planning
 * queue (@nestjs/bullmq: PlanningQueue produces, PlanningWorker runs) and the background improvement pass. It knows no use case; they depend on it.
 */
@Module({})
export class PlanModule {
  static forConfig(config: ServiceConfig, settings: SchedulingSettings): DynamicModule {
    return {
      module: PlanModule,
      // Global: every use case module uses it.
      global: true,
      imports: [BullModule.registerQueue({ name: Queues.planning })],
      providers: [
        PlanningWorker,
        { provide: SCHEDULING_CONFIG, useValue: config },
        { provide: SCHEDULING_SETTINGS, useValue: settings },
        ...shared,
      ],
      exports: [SCHEDULING_CONFIG, SCHEDULING_SETTINGS, ...shared],
    };
  }
}
