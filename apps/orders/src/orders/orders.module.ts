import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProductionService } from '../production/production.service';
import { QuotesModule } from '../quotes/quotes.module';
import { OrderSagaHandlers } from '../saga/order-saga.handlers';
import { OrderSagaService } from '../saga/order-saga.service';
import { OrderTrackingService } from '../saga/order-tracking.service';
import { OrderEntity } from './order.entity';
import { OrderHandlers } from './order.handlers';
import { OrderMetrics } from './order-metrics';
import { OrderPlacementService } from './order-placement.service';
import { OrderQueriesService } from './order-queries.service';
import { PlacementPromising } from './placement-promise';
import { OrderWatchdog } from '../watchdog/order-watchdog.service';

/** Orders, their saga and their production progress: one aggregate, locked and versioned as one; and the watchdog over them. */
@Module({
  imports: [QuotesModule, TypeOrmModule.forFeature([OrderEntity])],
  controllers: [OrderHandlers, OrderSagaHandlers],
  providers: [
    OrderWatchdog,
    OrderPlacementService,
    PlacementPromising,
    OrderQueriesService,
    OrderSagaService,
    OrderTrackingService,
    ProductionService,
    OrderMetrics,
  ],
})
export class OrdersModule {}
