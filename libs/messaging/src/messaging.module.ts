import { Namespace, natsInboxPrefix } from '@atelier/contracts';
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

/**
 * NATS_URL (one URL, or a cluster's comma-separated list) may carry the app's own user and password
 * (`nats://orders:secret@host:4222`), which nats.js does not read from a URL: they are taken out and
 * passed as user and pass.
 */
export function natsServerOf(natsUrl: string): { servers: string[]; user?: string; pass?: string } {
  let credentials: { user?: string; pass?: string } = {};
  const servers = natsUrl.split(',').map((entry) => {
    const match = /^([a-z]+:\/\/)([^@/]*)@(.*)$/i.exec(entry.trim());
    if (!match) return entry.trim();
    const [, scheme, userInfo, rest] = match;
    const colon = userInfo.indexOf(':');
    credentials = {
      user: decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(0, colon)),
      ...(colon < 0 ? {} : { pass: decodeURIComponent(userInfo.slice(colon + 1)) }),
    };
    return `${scheme}${rest}`;
  });
  return { servers, ...credentials };
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
