import { Controller, Param } from '@nestjs/common';
import { type JobAction, type Principal } from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { CorrelationId, CurrentPrincipal } from '../auth/principal';
import { Input, Route, type InputOf } from '../http/route';
import { routes } from '../routes/routes';

type Caller = { jobId: string; supplier: Principal; correlationId: string };

/** The supplier portal: a supplier sees and acts only on the jobs and factories of its own factories. */
@Controller()
export class SupplierController {
  constructor(private readonly requests: RequestClient) {}

  @Route(routes.listJobs)
  jobs(
    @Input() { query }: InputOf<typeof routes.listJobs>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.listJobs.request, { ...query, supplierId: supplier.id }, { correlationId });
  }

  @Route(routes.getJob)
  job(@Param('id') jobId: string, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.getJob.request, { jobId, supplierId: supplier.id }, { correlationId });
  }

  @Route(routes.acceptJob)
  accept(@Param('id') jobId: string, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    return this.act({ action: 'accept' }, { jobId, supplier, correlationId });
  }

  @Route(routes.rejectJob)
  reject(
    @Param('id') jobId: string,
    @Input() { body }: InputOf<typeof routes.rejectJob>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.act({ action: 'reject', ...body }, { jobId, supplier, correlationId });
  }

  @Route(routes.startJob)
  start(@Param('id') jobId: string, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    return this.act({ action: 'start' }, { jobId, supplier, correlationId });
  }

  @Route(routes.reportProgress)
  progress(
    @Param('id') jobId: string,
    @Input() { body }: InputOf<typeof routes.reportProgress>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.act({ action: 'progress', ...body }, { jobId, supplier, correlationId });
  }

  @Route(routes.reportDelay)
  delay(
    @Param('id') jobId: string,
    @Input() { body }: InputOf<typeof routes.reportDelay>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.act({ action: 'delay', ...body }, { jobId, supplier, correlationId });
  }

  @Route(routes.completeJob)
  complete(
    @Param('id') jobId: string,
    @Input() { body }: InputOf<typeof routes.completeJob>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.act({ action: 'complete', ...body }, { jobId, supplier, correlationId });
  }

  @Route(routes.createShipment)
  shipment(
    @Input() { body }: InputOf<typeof routes.createShipment>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.createShipment.request, { ...body, supplierId: supplier.id }, { correlationId });
  }

  /** Its factories with their capabilities; a factory's calendar is at GET factories/{id}. */
  @Route(routes.listFactories)
  factories(
    @Input() { query }: InputOf<typeof routes.listFactories>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.listFactories.request, { ...query, supplierId: supplier.id }, { correlationId });
  }

  @Route(routes.getFactory)
  factory(@Param('id') factoryId: string, @CurrentPrincipal() supplier: Principal, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.getFactory.request, { factoryId, supplierId: supplier.id }, { correlationId });
  }

  @Route(routes.replaceCalendar)
  calendar(
    @Param('id') factoryId: string,
    @Input() { body }: InputOf<typeof routes.replaceCalendar>,
    @CurrentPrincipal() supplier: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(
      routes.replaceCalendar.request,
      { factoryId, supplierId: supplier.id, calendar: body },
      { correlationId },
    );
  }

  /** Every action on a job is one request to suppliers, which owns the job's state. */
  private act(act: JobAction, { jobId, supplier, correlationId }: Caller) {
    return this.requests.request(routes.acceptJob.request, { jobId, supplierId: supplier.id, act }, { correlationId });
  }
}
