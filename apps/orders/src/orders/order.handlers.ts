import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OrdersRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { OrderSagaService } from '../saga/order-saga.service';
import { OrderPlacementService } from './order-placement.service';
import { OrderQueriesService } from './order-queries.service';

/** NATS entry points of orders: thin, each one call into a use case. */
@Injectable()
export class OrderHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly placement: OrderPlacementService,
    private readonly queries: OrderQueriesService,
    private readonly saga: OrderSagaService,
  ) {}

  onModuleInit(): void {
    this.requests.handle(OrdersRequests.place, (command, ctx) => this.placement.place(command, ctx.correlationId));
    this.requests.handle(OrdersRequests.get, ({ orderId, customerId }) => this.queries.get(orderId, customerId));
    this.requests.handle(OrdersRequests.list, (query) => this.queries.list(query));
    this.requests.handle(OrdersRequests.listAll, (query) => this.queries.listAll(query));
    this.requests.handle(OrdersRequests.cancel, (command, ctx) => this.saga.cancel(command, ctx.correlationId));
  }
}
