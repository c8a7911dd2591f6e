import { Inject, Injectable } from '@nestjs/common';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { AppError, type ReplyOf, type RequestContract, type RequestOf, Namespace, type WireReply } from '@atelier/contracts';
import type { z } from 'zod';
import { askedRequestSeconds } from './messaging-metrics';
import { currentLogContext } from './log-context';
import { CORRELATION_HEADER, MESSAGING_OPTIONS, NATS_CONNECTION, ORDER_HEADER, type MessagingOptions } from './tokens';
import { decode, encode, payloadLimit } from './wire';

export interface RequestOptions {
  timeoutMs?: number;
  /** By default the correlation id of the work in progress (its log context), if any. */
  correlationId?: string;
}

/**
 * Asks another service over NATS. A missing or silent service is DEPENDENCY_UNAVAILABLE, never a hang;
 * a request too large for one message is PAYLOAD_TOO_LARGE before anything is sent. What the caller
 * reads names the service, never an internal subject.
 * Asked while working for an order (its log context knows it), the request says so in a header,
 * and the other service logs its part under the same order and correlation id.
 */
@Injectable()
export class RequestClient {
  private readonly ns: Namespace;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
  ) {
    this.ns = new Namespace(options.namespace);
  }

  async request<C extends RequestContract<z.ZodType, unknown>>(
    contract: C,
    payload: RequestOf<C>,
    options: RequestOptions = {},
  ): Promise<ReplyOf<C>> {
    const answered = askedRequestSeconds.startTimer({ subject: contract.subject });
    try {
      const reply = await this.ask(contract, payload, options);
      answered({ outcome: 'ok' });
      return reply;
    } catch (error) {
      answered({ outcome: error instanceof AppError ? error.code : 'INTERNAL' });
      throw error;
    }
  }

  private async ask<C extends RequestContract<z.ZodType, unknown>>(
    contract: C,
    payload: RequestOf<C>,
    options: RequestOptions,
  ): Promise<ReplyOf<C>> {
    const h = headers();
    const context = currentLogContext();
    const correlationId = options.correlationId ?? context?.correlationId;
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    if (context?.orderId) h.set(ORDER_HEADER, context.orderId);
    const body = encode(payload);
    const limit = payloadLimit(this.nc.info?.max_payload);
    if (body.byteLength > limit) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The request is too large (${body.byteLength} bytes; at most ${limit})`);
    }
    const service = contract.subject.split('.')[0];
    let raw: Uint8Array;
    try {
      const msg = await this.nc.request(this.ns.subject(contract.subject), body, {
        timeout: options.timeoutMs ?? 10_000,
        headers: h,
      });
      raw = msg.data;
    } catch (error) {
      const why = /timeout/i.test((error as Error).message) ? 'did not answer in time' : 'is not available';
      throw new AppError('DEPENDENCY_UNAVAILABLE', `The ${service} service ${why}; try again shortly`);
    }
    let reply: WireReply<ReplyOf<C>>;
    try {
      reply = decode<WireReply<ReplyOf<C>>>(raw);
    } catch {
      throw new AppError('DEPENDENCY_UNAVAILABLE', `The ${service} service answered something unreadable`);
    }
    if (!reply.ok) throw AppError.fromPayload(reply.error);
    return reply.data;
  }
}
