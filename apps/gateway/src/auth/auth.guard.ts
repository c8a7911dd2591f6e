import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, hashToken, sameHash, SuppliersRequests, type Principal, type PrincipalKind } from '@atelier/contracts';
import { acceptableId, RequestClient } from '@atelier/messaging';
import { CORRELATION_ID_HTTP_HEADER } from '@atelier/platform';
import { randomUUID } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { ALLOWED_KINDS, type AuthenticatedRequest } from './principal';
import { PrincipalCache } from './principal-cache';
import { bearerTokenOf } from './bearer-token';

/**
 * Bearer authentication for every /v1 route. The operator's token comes from the environment and
 * is checked here; customer and supplier tokens are checked by the suppliers service, which owns
 * the principals, and remembered for a while (PrincipalCache, forgotten on revocation). A missing
 * or unknown token is 401; a principal of the wrong kind gets 404.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly operatorTokenHash: string | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly requests: RequestClient,
    private readonly cache: PrincipalCache,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.operatorTokenHash = config.adminToken ? hashToken(config.adminToken) : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride<PrincipalKind[] | undefined>(ALLOWED_KINDS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!allowed) return true; // public: health, metrics, docs
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Assigned by the HTTP logger (httpCorrelationId) as the request came in; it answers with it too.
    request.correlationId ??= request.id ?? acceptableId(headerOf(request, CORRELATION_ID_HTTP_HEADER)) ?? randomUUID();
    const principal = await this.authenticate(request);
    if (!allowed.includes(principal.kind)) throw new AppError('NOT_FOUND', 'Not found');
    request.principal = principal;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const token = bearerTokenOf(headerOf(request, 'authorization'));
    if (!token) throw new AppError('UNAUTHENTICATED', 'A bearer token is required');
    const tokenHash = hashToken(token);
    if (this.operatorTokenHash && sameHash(tokenHash, this.operatorTokenHash)) {
      return { kind: 'operator', id: 'operator', tokenId: null };
    }
    const known = this.cache.get(tokenHash);
    if (known) return known;
    const principal = await this.requests.request(
      SuppliersRequests.authenticate,
      { tokenHash },
      { correlationId: request.correlationId },
    );
    this.cache.set(tokenHash, principal);
    return principal;
  }
}

function headerOf(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
