import { Controller, Param } from '@nestjs/common';
import { RequestClient } from '@atelier/messaging';
import { CorrelationId } from '../auth/principal';
import { PrincipalCache } from '../auth/principal-cache';
import { Input, Route, type InputOf } from '../http/route';
import { routes } from '../routes/routes';

/** Onboarding suppliers, factories and customers; transfer times between factories; the plan per factory; every order. */
@Controller()
export class NetworkController {
  constructor(
    private readonly requests: RequestClient,
    private readonly principals: PrincipalCache,
  ) {}

  /** Every customer's orders; ?stuck=true only those the watchdog finds stuck. */
  @Route(routes.listAllOrders)
  orders(@Input() { query }: InputOf<typeof routes.listAllOrders>, @CorrelationId() correlationId: string) {
    const { stuck, ...page } = query;
    return this.requests.request(
      routes.listAllOrders.request,
      { ...page, ...(stuck ? { stuck: stuck === 'true' } : {}) },
      { correlationId },
    );
  }

  /** With an Idempotency-Key header, created once: a repeat answers the same supplier (with a new token; the unseen one is revoked). */
  @Route(routes.createSupplier)
  createSupplier(
    @Input() { body, idempotencyKey }: InputOf<typeof routes.createSupplier>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.createSupplier.request, { ...body, ...once(idempotencyKey) }, { correlationId });
  }

  /** A page of suppliers, each with its first factories; the rest are at GET suppliers/{id}/factories. */
  @Route(routes.listSuppliers)
  suppliers(@Input() { query }: InputOf<typeof routes.listSuppliers>, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.listSuppliers.request, query, { correlationId });
  }

  @Route(routes.listSupplierFactories)
  factories(
    @Param('id') supplierId: string,
    @Input() { query }: InputOf<typeof routes.listSupplierFactories>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.listSupplierFactories.request, { ...query, supplierId }, { correlationId });
  }

  @Route(routes.createFactory)
  createFactory(
    @Param('id') supplierId: string,
    @Input() { body, idempotencyKey }: InputOf<typeof routes.createFactory>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(
      routes.createFactory.request,
      { ...body, supplierId, ...once(idempotencyKey) },
      { correlationId },
    );
  }

  @Route(routes.issueToken)
  issueToken(@Param('id') supplierId: string, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.issueToken.request, { supplierId }, { correlationId });
  }

  @Route(routes.revokeToken)
  async revokeToken(@Param('tokenId') tokenId: string, @CorrelationId() correlationId: string) {
    const revoked = await this.requests.request(routes.revokeToken.request, { tokenId }, { correlationId });
    // Refused by this gateway from the answer on; the others hear it through token.revoked.
    this.principals.forgetToken(tokenId);
    return revoked;
  }

  @Route(routes.createCustomer)
  createCustomer(
    @Input() { body, idempotencyKey }: InputOf<typeof routes.createCustomer>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.createCustomer.request, { ...body, ...once(idempotencyKey) }, { correlationId });
  }

  @Route(routes.getTransferTimes)
  transferTimes(@CorrelationId() correlationId: string) {
    return this.requests.request(routes.getTransferTimes.request, {}, { correlationId });
  }

  /** Replaces the whole matrix; scheduling moves the non-firm work that no longer arrives in time. */
  @Route(routes.replaceTransferTimes)
  replaceTransferTimes(@Input() { body }: InputOf<typeof routes.replaceTransferTimes>, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.replaceTransferTimes.request, body, { correlationId });
  }

  @Route(routes.schedule)
  schedule(@Input() { query }: InputOf<typeof routes.schedule>, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.schedule.request, query, { correlationId });
  }
}

/** An optional Idempotency-Key, as the create requests carry it (absent rather than undefined). */
function once(idempotencyKey: string | undefined): { idempotencyKey?: string } {
  return idempotencyKey === undefined ? {} : { idempotencyKey };
}
