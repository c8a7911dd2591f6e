import { Controller } from '@nestjs/common';
import { SuppliersRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, type RequestContext } from '@atelier/messaging';
import { PrincipalService } from './principal.service';

const { authenticate, createCustomer, createSupplier, issueToken, revokeToken } = SuppliersRequests;

/** NATS entry points for principals and their tokens. */
@Controller()
export class PrincipalHandlers {
  constructor(private readonly principals: PrincipalService) {}

  @Handles(authenticate)
  authenticate({ tokenHash }: RequestOf<typeof authenticate>): Promise<ReplyOf<typeof authenticate>> {
    return this.principals.authenticate(tokenHash);
  }

  @Handles(createCustomer)
  createCustomer(
    { name, idempotencyKey }: RequestOf<typeof createCustomer>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof createCustomer>> {
    return this.principals.createCustomer(name, ctx, idempotencyKey);
  }

  @Handles(createSupplier)
  createSupplier(
    { name, idempotencyKey }: RequestOf<typeof createSupplier>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof createSupplier>> {
    return this.principals.createSupplier(name, ctx, idempotencyKey);
  }

  @Handles(issueToken)
  issueToken({ supplierId }: RequestOf<typeof issueToken>): Promise<ReplyOf<typeof issueToken>> {
    return this.principals.issueSupplierToken(supplierId);
  }

  @Handles(revokeToken)
  revokeToken({ tokenId }: RequestOf<typeof revokeToken>, ctx: RequestContext): Promise<ReplyOf<typeof revokeToken>> {
    return this.principals.revoke(tokenId, ctx);
  }
}
