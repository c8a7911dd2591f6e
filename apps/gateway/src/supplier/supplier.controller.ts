import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  AppError,
  calendarSchema,
  jobActionSchema,
  pageQuerySchema,
  supplierJobsQuerySchema,
  SuppliersRequests,
  type JobAction,
  type Principal,
} from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { z } from 'zod';
import { Allow, CorrelationId, CurrentPrincipal } from '../auth/principal';
import { validate } from '../http/validate';

const shipmentBody = z.object({
  jobIds: z.array(z.string()).min(1).max(100),
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
});
const actions = ['accept', 'reject', 'start', 'progress', 'delay', 'complete'] as const;

/** The supplier portal: a supplier sees and acts only on the jobs and factories of its own factories. */
@Controller('v1/supplier')
@Allow('supplier')
export class SupplierController {
  constructor(private readonly requests: RequestClient) {}

  @Get('jobs')
  jobs(@Query() query: unknown, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    const page = validate(supplierJobsQuerySchema, query);
    return this.requests.request(SuppliersRequests.listJobs, { ...page, supplierId: supplier.id }, { correlationId });
  }

  @Get('jobs/:id')
  job(@Param('id') jobId: string, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    return this.requests.request(SuppliersRequests.getJob, { jobId, supplierId: supplier.id }, { correlationId });
  }

  /** accept, reject {reason}, start, progress {percent, note?}, delay {newEnd, reason}, complete {goodQuantity, scrapQuantity?} */
  @Post('jobs/:id/:action')
  @HttpCode(200)
  act(
    @Param('id') jobId: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    if (!(actions as readonly string[]).includes(action)) throw AppError.notFound('Route');
    const act: JobAction = validate(jobActionSchema, { ...(body as object), action });
    return this.requests.request(SuppliersRequests.actOnJob, { jobId, supplierId: supplier.id, act }, { correlationId });
  }

  @Post('shipments')
  shipment(@Body() body: unknown, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    const shipment = validate(shipmentBody, body);
    return this.requests.request(SuppliersRequests.createShipment, { ...shipment, supplierId: supplier.id }, { correlationId });
  }

  /** Its factories with their capabilities; a factory's calendar is at GET factories/{id}. */
  @Get('factories')
  factories(@Query() query: unknown, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    const page = validate(pageQuerySchema, query);
    return this.requests.request(SuppliersRequests.listFactories, { ...page, supplierId: supplier.id }, { correlationId });
  }

  @Get('factories/:id')
  factory(@Param('id') factoryId: string, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    return this.requests.request(SuppliersRequests.getFactory, { factoryId, supplierId: supplier.id }, { correlationId });
  }

  @Put('factories/:id/calendar')
  calendar(
    @Param('id') factoryId: string,
    @Body() body: unknown,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    const calendar = validate(calendarSchema, body);
    return this.requests.request(SuppliersRequests.replaceCalendar, { factoryId, supplierId: supplier.id, calendar }, { correlationId });
  }
}
