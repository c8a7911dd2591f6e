import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Query } from '@nestjs/common';
import {
  adminOrderListQuerySchema,
  factoryBodySchema,
  OrdersRequests,
  pageQuerySchema,
  scheduleQuerySchema,
  SchedulingRequests,
  SuppliersRequests,
  transferTimesSchema,
} from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { z } from 'zod';
import { Allow, CorrelationId } from '../auth/principal';
import { PrincipalCache } from '../auth/principal-cache';
import { idempotencyKeyOf } from '../http/idempotency-key';
import { validate } from '../http/validate';

const named = z.object({ name: z.string().min(1).max(200) });

/** Onboarding suppliers, factories and customers; transfer times between factories; the plan per factory; every order. */
@Controller('v1/admin')
@Allow('operator')
export class NetworkController {
  constructor(
    private readonly requests: RequestClient,
    private readonly principals: PrincipalCache,
  ) {}

  /** Every customer's orders; ?stuck=true only those the watchdog finds stuck. */
  @Get('orders')
  orders(@Query() query: unknown, @CorrelationId() correlationId: string) {
    const { stuck, ...page } = validate(adminOrderListQuerySchema, query);
    return this.requests.request(OrdersRequests.listAll, { ...page, ...(stuck ? { stuck: stuck === 'true' } : {}) }, { correlationId });
  }

  /** With an Idempotency-Key header, created once: a repeat answers the same supplier (with a new token; the unseen one is revoked). */
  @Post('suppliers')
  createSupplier(@Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @CorrelationId() correlationId: string) {
    return this.requests.request(SuppliersRequests.createSupplier, { ...validate(named, body), ...idempotencyKeyOf(key) }, { correlationId });
  }

  /** A page of suppliers, each with its first factories; the rest are at GET suppliers/{id}/factories. */
  @Get('suppliers')
  suppliers(@Query() query: unknown, @CorrelationId() correlationId: string) {
    return this.requests.request(SuppliersRequests.listSuppliers, validate(pageQuerySchema, query), { correlationId });
  }

  @Get('suppliers/:id/factories')
  factories(@Param('id') supplierId: string, @Query() query: unknown, @CorrelationId() correlationId: string) {
    const page = validate(pageQuerySchema, query);
    return this.requests.request(SuppliersRequests.listFactories, { ...page, supplierId }, { correlationId });
  }

  @Post('suppliers/:id/factories')
  createFactory(
    @Param('id') supplierId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @CorrelationId() correlationId: string,
  ) {
    const factory = validate(factoryBodySchema, body);
    return this.requests.request(SuppliersRequests.createFactory, { ...factory, supplierId, ...idempotencyKeyOf(key) }, { correlationId });
  }

  @Post('suppliers/:id/tokens')
  issueToken(@Param('id') supplierId: string, @CorrelationId() correlationId: string) {
    return this.requests.request(SuppliersRequests.issueToken, { supplierId }, { correlationId });
  }

  @Delete('tokens/:tokenId')
  async revokeToken(@Param('tokenId') tokenId: string, @CorrelationId() correlationId: string) {
    const revoked = await this.requests.request(SuppliersRequests.revokeToken, { tokenId }, { correlationId });
    // Refused by this gateway from the answer on; the others hear it through token.revoked.
    this.principals.forgetToken(tokenId);
    return revoked;
  }

  @Post('customers')
  createCustomer(@Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @CorrelationId() correlationId: string) {
    return this.requests.request(SuppliersRequests.createCustomer, { ...validate(named, body), ...idempotencyKeyOf(key) }, { correlationId });
  }

  @Get('transfer-times')
  transferTimes(@CorrelationId() correlationId: string) {
    return this.requests.request(SchedulingRequests.getTransferTimes, {}, { correlationId });
  }

  /** Replaces the whole matrix; scheduling moves the non-firm work that no longer arrives in time. */
  @Put('transfer-times')
  replaceTransferTimes(@Body() body: unknown, @CorrelationId() correlationId: string) {
    return this.requests.request(SchedulingRequests.replaceTransferTimes, validate(transferTimesSchema, body), { correlationId });
  }

  @Get('schedule')
  schedule(@Query() query: unknown, @CorrelationId() correlationId: string) {
    return this.requests.request(SchedulingRequests.schedule, validate(scheduleQuerySchema, query), { correlationId });
  }
}
