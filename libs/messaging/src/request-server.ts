import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection, Msg, Subscription } from '@nats-io/transport-node';
import { AppError, type ReplyOf, type RequestContract, type RequestOf, type WireReply } from '@atelier/contracts';
import { Namespace } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { servedRequestSeconds } from './messaging-metrics';
import { acceptableId, bindOrderToLogContext, currentLogContext, runInLogContext } from './log-context';
import { CORRELATION_HEADER, MESSAGING_OPTIONS, NATS_CONNECTION, ORDER_HEADER, type MessagingOptions } from './tokens';
import { decode, encodeReply, payloadLimit, toErrorPayload } from './wire';

export interface RequestContext {
  correlationId: string;
}

type Handler = (request: never, context: RequestContext) => Promise<unknown>;

/** How long a stopping app waits for the requests it is answering. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Serves NATS requests in the service's queue group, so replicas share the load. Handlers are
 * registered by the thin `*.handlers.ts` classes; subscriptions open once the whole app is up.
 * Every request is validated against its contract's schema; every failure is a typed reply, and
 * no reply can throw: one too large for a message is answered PAYLOAD_TOO_LARGE.
 * On shutdown it stops taking requests and answers the ones in flight (within a bound).
 * Each request is answered in its log context: its correlation id, and its order (the caller's
 * order header, or the request's own `orderId`), on every line written for it.
 */
@Injectable()
export class RequestServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RequestServer.name);
  private readonly handlers = new Map<string, { contract: RequestContract<z.ZodType, unknown>; handler: Handler }>();
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly ns: Namespace;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.ns = new Namespace(options.namespace);
  }

  handle<C extends RequestContract<z.ZodType, unknown>>(
    contract: C,
    handler: (request: RequestOf<C>, context: RequestContext) => Promise<ReplyOf<C>>,
  ): void {
    if (this.handlers.has(contract.subject)) throw new Error(`Two handlers for ${contract.subject}`);
    this.handlers.set(contract.subject, { contract, handler: handler as Handler });
  }

  onApplicationBootstrap(): void {
    for (const [subject, entry] of this.handlers) {
      const subscription = this.nc.subscribe(this.ns.subject(subject), {
        queue: this.ns.subject(this.options.serviceName),
        callback: (error, msg) => {
          if (error) return this.logger.error(`Subscription ${subject} failed: ${error.message}`);
          const serving = this.serve(entry.contract, entry.handler, msg).catch((failure: unknown) =>
            this.logger.error(`${subject}: the reply could not be sent: ${(failure as Error)?.message ?? String(failure)}`),
          );
          this.inFlight.add(serving);
          void serving.finally(() => this.inFlight.delete(serving));
        },
      });
      this.subscriptions.push(subscription);
    }
    this.logger.log(`Serving ${this.handlers.size} request subjects`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
    if (this.inFlight.size > 0)
      this.logger.warn(`Stopped with ${this.inFlight.size} requests unanswered after ${DRAIN_TIMEOUT_MS} ms`);
  }

  /** Requests being answered right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private serve(contract: RequestContract<z.ZodType, unknown>, handler: Handler, msg: Msg): Promise<void> {
    const correlationId = msg.headers?.get(CORRELATION_HEADER) || randomUUID();
    const orderId = acceptableId(msg.headers?.get(ORDER_HEADER));
    return runInLogContext({ correlationId, orderId }, () => this.answer(contract, handler, msg, correlationId));
  }

  private async answer(
    contract: RequestContract<z.ZodType, unknown>,
    handler: Handler,
    msg: Msg,
    correlationId: string,
  ): Promise<void> {
    const started = performance.now();
    const answered = servedRequestSeconds.startTimer({ subject: contract.subject });
    let reply: WireReply<unknown>;
    try {
      const request = contract.schema.parse(decodeRequest(msg.data));
      const orderId = acceptableId((request as { orderId?: unknown } | null)?.orderId);
      if (orderId && !currentLogContext()?.orderId) bindOrderToLogContext(orderId);
      reply = { ok: true, data: await handler(request as never, { correlationId }) };
    } catch (error) {
      reply = { ok: false, error: toErrorPayload(error) };
      if (reply.error.code === 'INTERNAL') {
        this.logger.error(`${contract.subject} failed: ${(error as Error)?.stack ?? String(error)}`);
      } else if (reply.error.code === 'DEPENDENCY_UNAVAILABLE') {
        this.logger.warn(`${contract.subject}: ${(error as Error)?.message ?? String(error)}`);
      }
    }
    if (!msg.reply) return void answered({ outcome: outcomeOf(reply) });
    const limit = payloadLimit(this.nc.info?.max_payload);
    let encoded: ReturnType<typeof encodeReply>;
    try {
      encoded = encodeReply(reply, limit);
    } catch (error) {
      // An answer that cannot even be encoded (a BigInt, a cycle) is a bug of ours, said as such.
      this.logger.error(`${contract.subject}: the reply could not be encoded: ${(error as Error).message}`);
      encoded = encodeReply({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } }, limit);
    }
    if (encoded.tooLarge) this.logger.warn(`${contract.subject}: the answer was too large and became PAYLOAD_TOO_LARGE`);
    msg.respond(encoded.bytes);
    answered({ outcome: encoded.tooLarge ? 'PAYLOAD_TOO_LARGE' : outcomeOf(reply) });
    this.logger.debug(
      `${contract.subject} answered ${reply.ok ? 'ok' : reply.error.code} in ${Math.round(performance.now() - started)} ms`,
    );
  }
}

function outcomeOf(reply: WireReply<unknown>): string {
  return reply.ok ? 'ok' : reply.error.code;
}

function decodeRequest(bytes: Uint8Array): unknown {
  try {
    return decode(bytes);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The request is not JSON');
  }
}
