import { Controller, Param, Res } from '@nestjs/common';
import { type Principal } from '@atelier/contracts';
import { acceptableId, RequestClient } from '@atelier/messaging';
import { PinoLogger } from 'nestjs-pino';
import { CorrelationId, CurrentPrincipal } from '../auth/principal';
import { Input, Route, type InputOf } from '../http/route';
import { routes } from '../routes/routes';

/**
 * The customer ordering API. A customer sees only its own orders; the operator may read any.
 * A request about one order has its id on its log lines (the access line included).
 */
@Controller()
export class OrdersController {
  constructor(
    private readonly requests: RequestClient,
    private readonly log: PinoLogger,
  ) {}

  private logOrder(orderId: string): void {
    const id = acceptableId(orderId);
    if (id) this.log.assign({ orderId: id });
  }

  @Route(routes.quote)
  quote(
    @Input() { body }: InputOf<typeof routes.quote>,
    @CurrentPrincipal() customer: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.quote.request, { ...body, customerId: customer.id }, { correlationId });
  }

  /** 201 with a new order; 200 with the same order for the same key and body; 409 for the same key and another body. */
  @Route(routes.placeOrder)
  async place(
    @Input() { body, idempotencyKey }: InputOf<typeof routes.placeOrder>,
    @CurrentPrincipal() customer: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) response: { status(code: number): void },
  ) {
    const placed = await this.requests.request(
      routes.placeOrder.request,
      { customerId: customer.id, idempotencyKey, order: body },
      { correlationId, timeoutMs: 30_000 },
    );
    this.logOrder(placed.order.id);
    response.status(placed.created ? 201 : 200);
    return placed.order;
  }

  @Route(routes.listOrders)
  list(
    @Input() { query }: InputOf<typeof routes.listOrders>,
    @CurrentPrincipal() customer: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.listOrders.request, { ...query, customerId: customer.id }, { correlationId });
  }

  @Route(routes.getOrder)
  get(@Param('id') orderId: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    const customerId = principal.kind === 'customer' ? principal.id : undefined;
    this.logOrder(orderId);
    return this.requests.request(routes.getOrder.request, { orderId, customerId }, { correlationId });
  }

  @Route(routes.cancelOrder)
  cancel(
    @Param('id') orderId: string,
    @Input() { body }: InputOf<typeof routes.cancelOrder>,
    @CurrentPrincipal() customer: Principal,
    @CorrelationId() correlationId: string,
  ) {
    this.logOrder(orderId);
    return this.requests.request(
      routes.cancelOrder.request,
      { orderId, customerId: customer.id, reason: body.reason },
      { correlationId },
    );
  }
}
