import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, hashToken, type Principal } from '@atelier/contracts';
import type { RequestClient } from '@atelier/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { AuthGuard } from './auth.guard';
import { PrincipalCache } from './principal-cache';
import type { GatewayConfig } from '../gateway.config';

const operatorToken = 'operator-token-0123456789';
const supplierToken = 'atl_supplier';

function contextFor(headers: Record<string, string>, allowed: string[] | undefined) {
  const request: { headers: Record<string, string>; principal?: Principal } = { headers };
  const reflector = { getAllAndOverride: () => allowed } as unknown as Reflector;
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { request, reflector, context };
}

/** The suppliers service, which owns customer and supplier tokens, stood in by what it would answer. */
const principals: RequestClient = {
  request: async (_contract: unknown, { tokenHash }: { tokenHash: string }) => {
    if (tokenHash === hashToken(supplierToken)) return { kind: 'supplier', id: 'sup-1', tokenId: 'tok-1' };
    throw new AppError('UNAUTHENTICATED', 'Unknown token');
  },
} as unknown as RequestClient;

function guard(reflector: Reflector) {
  const config = { adminToken: operatorToken, authCacheSeconds: 0, authCacheEntries: 10 } as GatewayConfig;
  const noCache = new PrincipalCache(config, { isClosed: () => false } as NatsConnection, { namespace: '' } as never);
  return new AuthGuard(reflector, principals, noCache, config);
}

describe('AuthGuard', () => {
  it('lets public routes through without a token', async () => {
    const { reflector, context } = contextFor({}, undefined);
    await expect(guard(reflector).canActivate(context)).resolves.toBe(true);
  });

  it('recognises the operator by its token from the environment', async () => {
    const { reflector, context, request } = contextFor({ authorization: `Bearer ${operatorToken}` }, ['operator']);
    await expect(guard(reflector).canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual({ kind: 'operator', id: 'operator', tokenId: null });
  });

  it('answers 401 without a token or with an unknown one', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }];
    for (const headers of attempts) {
      const { reflector, context } = contextFor(headers, ['customer']);
      await expect(guard(reflector).canActivate(context)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('answers 404 to a principal of another kind, as if the route did not exist', async () => {
    const { reflector, context } = contextFor({ authorization: `Bearer ${supplierToken}` }, ['customer', 'operator']);
    await expect(guard(reflector).canActivate(context)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('admits a supplier to supplier routes with its own identity', async () => {
    const { reflector, context, request } = contextFor({ authorization: `Bearer ${supplierToken}` }, ['supplier']);
    await expect(guard(reflector).canActivate(context)).resolves.toBe(true);
    expect(request.principal).toMatchObject({ kind: 'supplier', id: 'sup-1' });
  });
});
