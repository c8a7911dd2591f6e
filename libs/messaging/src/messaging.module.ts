import { Namespace, natsInboxPrefix, natsServerOf } from '@atelier/contracts';
import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventConsumers } from './event-consumers';
import { OutboxRelay } from './outbox-relay';
import { RequestClient } from './request-client';
import { RequestServer } from './request-server';
import { ensureStreams } from './streams';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';
import { UnitOfWork } from './unit-of-work';

@Injectable()
class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

async function connectNats(options: MessagingOptions): Promise<NatsConnection> {
  const ns = new Namespace(options.namespace);
  const nc = await connect({
    // A cluster is a comma-separated list of its servers' URLs.
    ...natsServerOf(options.natsUrl),
    name: `${options.namespace || 'atelier'}-${options.serviceName}`,
    // Replies arrive under the app's own prefix: its NATS user may read those and no other app's.
    inboxPrefix: natsInboxPrefix(options.serviceName, ns),
    maxReconnectAttempts: -1,
    // Started while NATS is down, the app waits for it instead of exiting.
    waitOnFirstConnect: true,
    // Without it the client builds an error (and captures a stack) ahead of every request and
    // every pull, in case it times out: 5–6 % of a busy scheduling's CPU. Our timeouts and
    // failures are answered as typed errors that name the subject, without the caller's stack.
    noAsyncTraces: true,
  });
  await ensureStreams(nc, ns, options.streamReplicas);
  return nc;
}

/** NATS for every app: request-reply in both directions. */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: NATS_CONNECTION, useFactory: () => connectNats(options) },
        NatsConnectionCloser,
        RequestServer,
        RequestClient,
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, RequestServer, RequestClient],
    };
  }
}

/** Durable events for the apps that own data: outbox, relay, inbox-backed consumers. Needs TypeORM's DataSource. */
@Global()
@Module({
  providers: [UnitOfWork, OutboxRelay, EventConsumers],
  exports: [UnitOfWork, EventConsumers],
})
export class EventsModule {}
