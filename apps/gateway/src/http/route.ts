import {
  applyDecorators,
  createParamDecorator,
  HttpCode,
  Injectable,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { AppError, idempotencyKeySchema, type PrincipalKind, type ReplyOf, type RequestContract } from '@atelier/contracts';
import type { Observable } from 'rxjs';
import type { z } from 'zod';
import { Allow } from '../auth/principal';
import { AcceptBody } from './body.guard';
import type { BodyPolicy } from './read-body';

type Contract = RequestContract<z.ZodType, unknown>;

/** Who a route is for: its tag in the document. */
export type Audience = 'customer' | 'supplier' | 'operator' | 'public';

/**
 * One HTTP route, described once (http/routes.ts): the gateway's controllers take their method,
 * path, principals, status and input validation from it (`@Route`), and `/docs/openapi.json` is
 * generated from it.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As Nest writes it, without a leading slash: `v1/orders/:id`. */
  path: string;
  /** Who may call it (any other principal gets 404), or `public` (no token asked). */
  allow: readonly PrincipalKind[] | 'public';
  tag: Audience;
  summary: string;
  description?: string;
  /** The NATS request(s) it maps to; null when the gateway answers it itself. */
  request: Contract | readonly Contract[] | null;
  /** The JSON body, validated before the handler runs (absent or null reads as `{}`). */
  body?: z.ZodType;
  /** A route that takes other bodies than JSON: its policy and, per media type, what the body is (read by the handler). */
  bodies?: { policy: BodyPolicy; schemas: Record<string, z.ZodType> };
  query?: z.ZodObject;
  /** The handler reads the query itself (model uploads: only imports take one). */
  queryReadByHandler?: true;
  /** The Idempotency-Key header: required, or optional (the same key with the same body creates once). */
  idempotencyKey?: 'required' | 'optional';
  status: number;
  /** Success statuses besides `status`, and what each means. */
  otherStatuses?: Record<number, string>;
  reply: z.ZodType;
  /** The reply's media type, when not JSON. */
  produces?: string;
  example?: { body?: unknown; query?: Record<string, string>; reply?: unknown };
}

/** What `@Input()` hands a handler of route R: its body, query and idempotency key, validated. */
export interface InputOf<R extends RouteSpec> {
  body: R['body'] extends z.ZodType ? z.output<R['body']> : undefined;
  query: R['query'] extends z.ZodType ? z.output<R['query']> : undefined;
  idempotencyKey: R['idempotencyKey'] extends 'required' ? string : string | undefined;
}

/** The reply of route R, from its schema. */
export type ReplyTo<R extends RouteSpec> = z.output<R['reply']>;

/** The reply type of a route's NATS request (of the first, when it has several that answer alike). */
export type ContractReplyOf<R extends RouteSpec> = R['request'] extends readonly (infer C)[] ? ReplyOf<C> : ReplyOf<R['request']>;

const ROUTE = 'atelier:route';

/** The route a controller method was bound to with `@Route`, if any. */
export function routeOf(handler: object): RouteSpec | undefined {
  return Reflect.getMetadata(ROUTE, handler) as RouteSpec | undefined;
}

/** Binds a controller method to its route: method, path, status, principals, body policy and validated input. */
export function Route(route: RouteSpec): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    HttpCode(route.status),
    SetMetadata(ROUTE, route),
    ...(route.allow === 'public' ? [] : [Allow(...route.allow)]),
    ...(route.bodies ? [AcceptBody(route.bodies.policy)] : []),
    UseInterceptors(RouteInput),
  );
}

interface RoutedRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  body?: unknown;
  routeInput?: InputOf<RouteSpec>;
}

/**
 * Validates a route's idempotency key, query and body (in that order) against its spec before the
 * handler runs. An interceptor rather than a guard so that a refused request is still measured
 * (MetricsInterceptor wraps it); a ZodError becomes a 400 naming the fields (ErrorFilter).
 */
@Injectable()
export class RouteInput implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = routeOf(context.getHandler())!;
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    request.routeInput = inputOf(route, request);
    return next.handle();
  }
}

export function inputOf(route: RouteSpec, request: RoutedRequest): InputOf<RouteSpec> {
  const header = request.headers['idempotency-key'];
  const idempotencyKey = route.idempotencyKey
    ? idempotencyKeyOf(Array.isArray(header) ? header[0] : header, route.idempotencyKey)
    : undefined;
  const query = route.query && !route.queryReadByHandler ? route.query.parse(request.query ?? {}) : undefined;
  const body = route.body ? route.body.parse(request.body ?? {}) : undefined;
  return { idempotencyKey, query, body } as InputOf<RouteSpec>;
}

function idempotencyKeyOf(header: string | undefined, need: 'required' | 'optional'): string | undefined {
  if (header === undefined && need === 'optional') return undefined;
  if (header === undefined || !idempotencyKeySchema.safeParse(header).success) {
    const message = need === 'required' ? 'required' : 'must be 1 to 200 characters';
    const text =
      need === 'required'
        ? 'The Idempotency-Key header is required (at most 200 characters)'
        : 'The Idempotency-Key header must be 1 to 200 characters';
    throw new AppError('VALIDATION_FAILED', text, [{ path: 'headers.idempotency-key', message }]);
  }
  return header;
}

/** The route's validated input (RouteInput put it on the request). */
export const Input = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<RoutedRequest>().routeInput;
});
