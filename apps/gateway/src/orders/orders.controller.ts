import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { AppError, orderListQuerySchema, OrdersRequests, placeOrderBodySchema, quoteBodySchema, type Principal } from '@atelier/contracts';
import { acceptableId, RequestClient } from '@atelier/messaging';
import { PinoLogger } from 'nestjs-pino';
import { z } from 'zod';
import { Allow, CorrelationId, CurrentPrincipal } from '../auth/principal';
import { validate } from '../http/validate';

const cancelBody = z.object({ reason: z.string().max(500).optional() });

/**
 * The customer ordering API. A customer sees only its own orders; the operator may read any.
 * A request about one order has its id on its log lines (the access line included).
 */
@Controller('v1')
export class OrdersController {
  constructor(
    private readonly requests: RequestClient,
    private readonly log: PinoLogger,
  ) {}

  private logOrder(orderId: string): void {
    const id = acceptableId(orderId);
    if (id) this.log.assign({ orderId: id });
  }

  @Post('quotes')
  @HttpCode(200)
  @Allow('customer')
  quote(@Body() body: unknown, @CurrentPrincipal() customer: Principal, @CorrelationId() correlationId: string) {
    const quote = validate(quoteBodySchema, body);
    return this.requests.request(OrdersRequests.quote, { ...quote, customerId: customer.id }, { correlationId });
  }

  /** 201 with a new order; 200 with the same order for the same key and body; 409 for the same key and another body. */
  @Post('orders')
  @Allow('customer')
  async place(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() customer: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) response: { status(code: number): void },
  ) {
    if (!idempotencyKey || idempotencyKey.length > 200) {
      throw new AppError('VALIDATION_FAILED', 'The Idempotency-Key header is required (at most 200 characters)', [
        { path: 'headers.idempotency-key', message: 'required' },
      ]);
    }
    const order = validate(placeOrderBodySchema, body);
    const placed = await this.requests.request(
      OrdersRequests.place,
      { customerId: customer.id, idempotencyKey, order },
      { correlationId, timeoutMs: 30_000 },
    );
    this.logOrder(placed.order.id);
    response.status(placed.created ? 201 : 200);
    return placed.order;
  }

  @Get('orders')
  @Allow('customer')
  list(@Query() query: unknown, @CurrentPrincipal() customer: Principal, @CorrelationId() correlationId: string) {
    const page = validate(orderListQuerySchema, query);
    return this.requests.request(OrdersRequests.list, { ...page, customerId: customer.id }, { correlationId });
  }

  @Get('orders/:id')
  @Allow('customer', 'operator')
  get(@Param('id') orderId: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    const customerId = principal.kind === 'customer' ? principal.id : undefined;
    this.logOrder(orderId);
    return this.requests.request(OrdersRequests.get, { orderId, customerId }, { correlationId });
  }

  @Post('orders/:id/cancel')
  @HttpCode(200)
  @Allow('customer')
  cancel(
    @Param('id') orderId: string,
    @Body() body: unknown,
    @CurrentPrincipal() customer: Principal,
    @CorrelationId() correlationId: string,
  ) {
    const { reason } = validate(cancelBody, body);
    this.logOrder(orderId);
    return this.requests.request(OrdersRequests.cancel, { orderId, customerId: customer.id, reason }, { correlationId });
  }
}
