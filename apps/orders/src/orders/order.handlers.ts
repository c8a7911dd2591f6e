import { Controller } from '@nestjs/common';
import { OrdersRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, type RequestContext } from '@atelier/messaging';
import { OrderSagaService } from '../saga/order-saga.service';
import { OrderPlacementService } from './order-placement.service';
import { OrderQueriesService } from './order-queries.service';

const { place, get, list, listAll, cancel } = OrdersRequests;

/** NATS entry points of orders: thin, each one call into a use case. */
@Controller()
export class OrderHandlers {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly queries: OrderQueriesService,
    private readonly saga: OrderSagaService,
  ) {}

  @Handles(place)
  place(command: RequestOf<typeof place>, ctx: RequestContext): Promise<ReplyOf<typeof place>> {
    return this.placement.place(command, ctx.correlationId);
  }

  @Handles(get)
  get({ orderId, customerId }: RequestOf<typeof get>): Promise<ReplyOf<typeof get>> {
    return this.queries.get(orderId, customerId);
  }

  @Handles(list)
  list(query: RequestOf<typeof list>): Promise<ReplyOf<typeof list>> {
    return this.queries.list(query);
  }

  @Handles(listAll)
  listAll(query: RequestOf<typeof listAll>): Promise<ReplyOf<typeof listAll>> {
    return this.queries.listAll(query);
  }

  @Handles(cancel)
  cancel(command: RequestOf<typeof cancel>, ctx: RequestContext): Promise<ReplyOf<typeof cancel>> {
    return this.saga.cancel(command, ctx.correlationId);
  }
}
