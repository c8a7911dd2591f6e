import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Msg, Subscription } from '@nats-io/transport-node';
import type { ReplyOf, RequestContract, RequestOf } from '@atelier/contracts';
import { Namespace } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CORRELATION_HEADER, MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';
import { decode, encode, toErrorPayload, type WireReply } from './wire';

export interface RequestContext {
  correlationId: string;
}

type Handler = (request: never, context: RequestContext) => Promise<unknown>;

/**
 * Serves NATS requests in the service's queue group, so replicas share the load. Handlers are
 * registered by the thin `*.handlers.ts` classes; subscriptions open once the whole app is up.
 * Every request is validated against its contract's schema; every failure is a typed reply.
 */
@Injectable()
export class RequestServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RequestServer.name);
  private readonly handlers = new Map<string, { contract: RequestContract<z.ZodType, unknown>; handler: Handler }>();
  private readonly subscriptions: Subscription[] = [];
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
          void this.serve(entry.contract, entry.handler, msg);
        },
      });
      this.subscriptions.push(subscription);
    }
    this.logger.log(`Serving ${this.handlers.size} request subjects`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
  }

  private async serve(contract: RequestContract<z.ZodType, unknown>, handler: Handler, msg: Msg): Promise<void> {
    const correlationId = msg.headers?.get(CORRELATION_HEADER) || randomUUID();
    let reply: WireReply<unknown>;
    try {
      const request = contract.schema.parse(decode(msg.data));
      reply = { ok: true, data: await handler(request as never, { correlationId }) };
    } catch (error) {
      reply = { ok: false, error: toErrorPayload(error) };
      if (reply.error.code === 'INTERNAL') {
        this.logger.error(`${contract.subject} failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
    if (msg.reply) msg.respond(encode(reply));
  }
}
