import { Module } from '@nestjs/common';
import { NetworkModule } from '../network/network.module';
import { OrderPlanningModule } from '../order-planning/order-planning.module';
import { JobProgress } from './job-progress.service';
import { SupplierEventHandlers } from './supplier-events.handlers';

/**
 * What suppliers report about their jobs (accepted, started, completed, rejected, expired, delayed),
 * applied to the plan. The SUPPLIERS consumer also carries the network's events (one consumer, so a
 * factory is known before any job event about it): those go to the network module.
 */
@Module({
  imports: [OrderPlanningModule, NetworkModule],
  controllers: [SupplierEventHandlers],
  providers: [JobProgress],
})
export class JobReportsModule {}
