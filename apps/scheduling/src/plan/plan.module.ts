import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { ImprovementRuns } from './improvement-runs';
import { OrderPromises } from './order-promises';
import { PlanMoves } from './plan-moves';
import { PlanStore } from './plan-store';
import { PlanningQueue } from './planning-queue';
import { SCHEDULING_CONFIG, SCHEDULING_SETTINGS, type SchedulingSettings } from './scheduling-config';

const shared = [PlanStore, PlanMoves, OrderPromises, PlanningQueue, ImprovementRuns];

/**
 * The plan every use case changes or reads: its store and lock (PlanStore, PlanSession), the
 * schedule loader, applying the engine's moves, the orders' promises and holds, the BullMQ planning
 * queue and the background improvement pass. It knows no use case; they depend on it.
 */
@Module({})
export class PlanModule {
  static forConfig(config: ServiceConfig, settings: SchedulingSettings): DynamicModule {
    return {
      module: PlanModule,
      // Global: every use case module, and the health checks (the queue's Redis connection), use it.
      global: true,
      providers: [
        { provide: SCHEDULING_CONFIG, useValue: config },
        { provide: SCHEDULING_SETTINGS, useValue: settings },
        ...shared,
      ],
      exports: [SCHEDULING_CONFIG, SCHEDULING_SETTINGS, ...shared],
    };
  }
}
