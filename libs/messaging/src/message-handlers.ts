import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { EventContract, EventDataOf, ReplyOf, RequestContract, RequestOf } from '@atelier/contracts';
import type { z } from 'zod';
import type { BatchItem, EventContext } from './event-consumers';
import type { RequestContext } from './request-server';

/** What @Handles leaves on a handler for MessagingTransport: the contract its requests are checked against. */
export interface RequestHandlerExtras {
  contract: RequestContract<z.ZodType, unknown>;
}

export interface OnEventOptions {
  /** The durable consumer, by its name within the service ("order-saga"); handlers naming the same one share it. */
  consumer: string;
  /** Events of different orders handled this many at once (see ConsumerBuilder.perOrder); one after another when left out. */
  perOrder?: number;
  /** The handler takes a run of such events at once (see ConsumerBuilder.onBatch). */
  batch?: boolean;
  /** The most events this consumer handles in one transaction, instead of the app's setting (see ConsumerBuilder.eventsPerTransaction). */
  eventsPerTransaction?: number;
}

/** What @OnEvent leaves on a handler for MessagingTransport. */
export interface EventHandlerExtras extends OnEventOptions {
  event: EventContract<z.ZodType>;
}

/** A method decorator that checks the method's signature (its descriptor read-only, so a method taking fewer parameters fits). */
type Method<F> = (target: object, key: string | symbol, descriptor: { readonly value?: F }) => void;

/**
 * A controller method answering one NATS request: Nest's @MessagePattern on the contract's subject,
 * so guards, interceptors, pipes and exception filters apply in the RPC context. The request arrives
 * checked against the contract's schema; what the method returns or throws (an AppError) is the reply.
 */
export function Handles<C extends RequestContract<z.ZodType, unknown>>(
  contract: C,
): Method<(request: RequestOf<C>, context: RequestContext) => Promise<ReplyOf<C>>> {
  const extras: RequestHandlerExtras = { contract };
  return withOurArguments(MessagePattern(contract.subject, extras as unknown as Record<string, unknown>), true) as Method<
    (request: RequestOf<C>, context: RequestContext) => Promise<ReplyOf<C>>
  >;
}

/**
 * A controller method handling one event type of a durable consumer: Nest's @EventPattern on the
 * event's subject. It runs in the consumer's transaction with its inbox row (`context.tx`); with
 * `batch: true` it gets a run of such events at once.
 */
export function OnEvent<E extends EventContract<z.ZodType>>(
  event: E,
  options: OnEventOptions & { batch: true },
): Method<(items: Array<BatchItem<EventDataOf<E>>>) => Promise<void>>;
export function OnEvent<E extends EventContract<z.ZodType>>(
  event: E,
  options: OnEventOptions & { batch?: false },
): Method<(data: EventDataOf<E>, context: EventContext) => Promise<void>>;
export function OnEvent(event: EventContract<z.ZodType>, options: OnEventOptions): Method<never> {
  const extras: EventHandlerExtras = { event, ...options };
  return withOurArguments(
    EventPattern(event.subject, extras as unknown as Record<string, unknown>) as unknown as MethodDecorator,
    !options.batch,
  ) as Method<never>;
}

/**
 * Nest hands an RPC handler only the payload unless its parameters say otherwise (@Payload, @Ctx):
 * ours get (data, context) as the servers give them, unless the method declares its own parameters.
 */
function withOurArguments(pattern: MethodDecorator, withContext: boolean): Method<unknown> {
  return (target, key, descriptor) => {
    if (!Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key)) {
      Payload()(target, key, 0);
      if (withContext) Ctx()(target, key, 1);
    }
    pattern(target, key, descriptor as TypedPropertyDescriptor<unknown>);
  };
}
