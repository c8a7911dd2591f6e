import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SuppliersRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { PrincipalService } from './principal.service';

/** NATS entry points for principals and their tokens. */
@Injectable()
export class PrincipalHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly principals: PrincipalService,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SuppliersRequests.authenticate, ({ tokenHash }) => this.principals.authenticate(tokenHash));
    this.requests.handle(SuppliersRequests.createCustomer, ({ name, idempotencyKey }, ctx) => this.principals.createCustomer(name, ctx, idempotencyKey));
    this.requests.handle(SuppliersRequests.createSupplier, ({ name, idempotencyKey }, ctx) => this.principals.createSupplier(name, ctx, idempotencyKey));
    this.requests.handle(SuppliersRequests.issueToken, ({ supplierId }) => this.principals.issueSupplierToken(supplierId));
    this.requests.handle(SuppliersRequests.revokeToken, ({ tokenId }, ctx) => this.principals.revoke(tokenId, ctx));
  }
}
