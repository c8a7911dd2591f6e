import { Inject, Injectable } from '@nestjs/common';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { AppError, type ReplyOf, type RequestContract, type RequestOf, Namespace } from '@atelier/contracts';
import type { z } from 'zod';
import { CORRELATION_HEADER, MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';
import { decode, encode, type WireReply } from './wire';

export interface RequestOptions {
  timeoutMs?: number;
  correlationId?: string;
}

/** Asks another service over NATS. A missing or silent service is DEPENDENCY_UNAVAILABLE, never a hang. */
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
    const h = headers();
    if (options.correlationId) h.set(CORRELATION_HEADER, options.correlationId);
    let raw: Uint8Array;
    try {
      const msg = await this.nc.request(this.ns.subject(contract.subject), encode(payload), {
        timeout: options.timeoutMs ?? 10_000,
        headers: h,
      });
      raw = msg.data;
    } catch (error) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', `No answer to ${contract.subject}: ${(error as Error).message}`);
    }
    const reply = decode<WireReply<ReplyOf<C>>>(raw);
    if (!reply.ok) throw AppError.fromPayload(reply.error);
    return reply.data;
  }
}
