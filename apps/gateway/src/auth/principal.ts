import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, PrincipalKind } from '@atelier/contracts';

export const ALLOWED_KINDS = 'atelier:allowed-kinds';

/** Which principals may call a route. Any other principal gets 404, as if the route did not exist for it. */
export const Allow = (...kinds: PrincipalKind[]) => SetMetadata(ALLOWED_KINDS, kinds);

export interface AuthenticatedRequest {
  principal?: Principal;
  correlationId?: string;
  /** The correlation id the HTTP logger gave the request (pino-http). */
  id?: string;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.principal!;
});

export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().correlationId!;
});
