import { Module } from '@nestjs/common';
import { OrderEventHandlers } from './order-events.handlers';
import { OrderPlanning } from './order-planning.service';
import { ReworkPlanning } from './rework-planning.service';
import { UnplannableRetry } from './unplannable-retry';

/** Orders confirmed and cancelled, what of them is open (refusals, moves), their re-work, and the retry of those on hold. */
@Module({
  controllers: [OrderEventHandlers],
  providers: [OrderPlanning, ReworkPlanning, UnplannableRetry],
  exports: [OrderPlanning, ReworkPlanning],
})
export class OrderPlanningModule {}
