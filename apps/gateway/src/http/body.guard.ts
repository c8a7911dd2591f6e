import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@atelier/contracts';
import { BodyBudget } from './body-budget';
import { hasBody, readBody, type BodyPolicy } from './read-body';

const BODY_POLICY = 'atelier:body-policy';

/**
 * What every route takes unless it says otherwise: JSON up to 256 KB. A configure of the largest
 * model we know with every option selected (automotive01: 2,513 features, options f1..f2513) is
 * 34 KB; and a request this size, with what the gateway adds, stays well within one NATS message
 * (max_payload, 1 MB by default).
 */
export const JSON_BODY: BodyPolicy = { limitBytes: 256 * 1024, mediaTypes: ['application/json'] };

/** A route that takes another body than JSON_BODY. */
export const AcceptBody = (policy: BodyPolicy) => SetMetadata(BODY_POLICY, policy);

/**
 * Reads the request body, within the route's policy, once the caller is known: it runs after
 * AuthGuard (the order of APP_GUARD providers in AppModule), so nobody unauthenticated or
 * unauthorized gets a body read, let alone a 20 MB one. Nest's own body parsers are off (main.ts).
 * A body is read only when the gateway has room to hold it (BodyBudget), until its answer is sent.
 */
@Injectable()
export class BodyGuard implements CanActivate {
  private readonly budget = new BodyBudget();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<IncomingMessage & { body?: unknown }>();
    if (!hasBody(request)) return true;
    const policy = this.reflector.getAllAndOverride<BodyPolicy | undefined>(BODY_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const { limitBytes } = policy ?? JSON_BODY;
    const claimed = Number(request.headers['content-length']);
    const release = this.budget.take(Number.isFinite(claimed) && claimed >= 0 ? Math.min(claimed, limitBytes) : limitBytes);
    if (!release) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'The gateway holds as much request data as it can right now; retry in a moment',
      );
    }
    const response = http.getResponse<ServerResponse>();
    // Sent or abandoned, the answer is done with the body.
    response.once('close', release);
    request.body = await readBody(request, policy ?? JSON_BODY, response);
    return true;
  }
}
