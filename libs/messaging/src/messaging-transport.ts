import { Catch, HttpException, type INestApplication, type INestMicroservice, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { AppError } from '@atelier/contracts';
import { ModuleRef } from '@nestjs/core';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import { EventConsumers, type ConsumerBuilder } from './event-consumers';
import type { EventHandlerExtras, RequestHandlerExtras } from './message-handlers';
import { RequestServer } from './request-server';

/**
 * Nest's custom transport for our NATS messaging: Nest finds the controllers' @Handles / @OnEvent
 * (@MessagePattern / @EventPattern) methods once, wraps each in its RPC pipeline (guards,
 * interceptors, pipes, exception filters), and hands it here; this registers it on the RequestServer
 * or on the durable consumer it names, which keep the wire format, contract checks, typed error
 * replies, inbox transactions, log context and metrics. Registration happens before the app's
 * bootstrap, so the subscriptions open when they always did.
 */
export class MessagingTransport extends Server implements CustomTransportStrategy {
  /** An event handler's failure must reach the consumer (retry, dead letter), not be logged and dropped. */
  override readonly propagatesEventHandlerErrors = true;
  private readonly builders = new Map<
    string,
    { builder: ConsumerBuilder; options: { perOrder?: number; eventsPerTransaction?: number } }
  >();

  constructor(
    private readonly requests: RequestServer,
    private readonly consumers: EventConsumers | null,
  ) {
    super();
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    if (!isEventHandler) {
      const { contract } = extras as Partial<RequestHandlerExtras>;
      if (!contract)
        throw new Error(`@MessagePattern(${String(pattern)}) without a contract: declare it with @Handles(contract)`);
      return this.requests.handle(contract, settled(callback) as never);
    }
    const options = extras as Partial<EventHandlerExtras>;
    if (!options.event || !options.consumer)
      throw new Error(`@EventPattern(${String(pattern)}) without a consumer: declare it with @OnEvent(event, { consumer })`);
    const builder = this.builderOf(options as EventHandlerExtras);
    if (options.batch) builder.onBatch(options.event, settled(callback) as never);
    else builder.on(options.event, settled(callback) as never);
  }

  /** One durable consumer per name, whichever controllers its handlers are on; they must agree on perOrder and eventsPerTransaction. */
  private builderOf({ consumer, event, perOrder, eventsPerTransaction }: EventHandlerExtras): ConsumerBuilder {
    if (!this.consumers) throw new Error(`@OnEvent(${event.subject}): this app has no durable consumers (EventsModule)`);
    let entry = this.builders.get(consumer);
    if (!entry) {
      entry = { builder: this.consumers.consume(consumer, event.stream), options: {} };
      this.builders.set(consumer, entry);
    }
    // Each option is set once, by whichever handler names it; another handler naming it must agree.
    for (const [option, value] of [
      ['perOrder', perOrder],
      ['eventsPerTransaction', eventsPerTransaction],
    ] as const) {
      if (value === undefined) continue;
      const agreed = entry.options[option];
      if (agreed !== undefined && agreed !== value)
        throw new Error(`Consumer ${consumer}: ${option} ${value} on ${event.subject}, ${agreed} elsewhere`);
      entry.options[option] = value;
      entry.builder[option](value);
    }
    return entry.builder;
  }

  /** The subscriptions are the RequestServer's and EventConsumers' own, opened at the app's bootstrap. */
  listen(callback: () => void): void {
    callback();
  }

  /** Closed with the app (RequestServer and EventConsumers drain on shutdown). */
  close(): void {}

  on(): never {
    throw new Error('MessagingTransport has no events of its own');
  }

  unwrap<T>(): T {
    return this.requests as T;
  }
}

/** Nest's RPC pipeline answers with a value or an Observable (interceptors, filters): one promise for our servers. */
function settled(handler: MessageHandler): (data: unknown, context: unknown) => Promise<unknown> {
  return async (data, context) => {
    const result: unknown = await handler(data, context);
    return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
  };
}

/**
 * The last exception filter of every message handler: the error travels on as thrown, to become the
 * typed reply (an AppError) or the event's failure, instead of Nest's generic "Internal server error".
 * Nest's own refusals are said in our codes: a guard's (or a 401/403) as UNAUTHENTICATED, a pipe's 400 as VALIDATION_FAILED.
 */
@Catch()
export class MessageErrorsAsThrown implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => asOurError(exception));
  }
}

function asOurError(exception: unknown): unknown {
  if (exception instanceof RpcException) {
    const error = exception.getError();
    return new AppError('UNAUTHENTICATED', typeof error === 'string' ? error : exception.message);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 400) return new AppError('VALIDATION_FAILED', exception.message, exception.getResponse());
    if (status === 401 || status === 403) return new AppError('UNAUTHENTICATED', exception.message);
  }
  return exception;
}

/** The parts of Nest's NestMicroservice that connect it now, before the app's bootstrap, rather than at listen(). */
interface ConnectableMicroservice extends INestMicroservice {
  registerListeners(): void;
  setIsInitialized(initialized: boolean): void;
  setIsInitHookCalled(called: boolean): void;
}

/**
 * Connects the app's message handlers (its controllers' @Handles and @OnEvent methods) to NATS
 * through MessagingTransport. Call it after NestFactory.create and before the app's init or listen;
 * then `app.startAllMicroservices()`. Resolves every handler once, here.
 */
export function connectMessaging(app: INestApplication): INestMicroservice {
  const strategy = new MessagingTransport(app.get(RequestServer), optionalConsumers(app));
  // Initialized here, not at listen(): the handlers must be on the servers before they subscribe at bootstrap.
  const microservice = app.connectMicroservice({ strategy }, { deferInitialization: true }) as ConnectableMicroservice;
  microservice.useGlobalFilters(new MessageErrorsAsThrown());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return microservice;
}

/** The app's durable consumers, if it has EventsModule (asked of ModuleRef: the app itself would exit on a missing provider). */
function optionalConsumers(app: INestApplication): EventConsumers | null {
  try {
    return app.get(ModuleRef).get(EventConsumers, { strict: false });
  } catch {
    return null;
  }
}
