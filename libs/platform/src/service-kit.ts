import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import { queuePrefix } from '@atelier/contracts';
import { EventsModule, MessagingModule, NATS_CONNECTION } from '@atelier/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { Clock } from './clock';
import { messagingOptionsOf, type ServiceConfig } from './config';
import { databaseModule, type DatabaseOptions } from './database.module';
import { HealthModule } from './health.module';
import type { ReadinessCheck } from './health.service';

/** The app's validated ServiceConfig. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** The Redis connection of BullMQ workers: `maxRetriesPerRequest: null`, it waits for Redis. */
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
/** The connection of BullMQ producers (queues): one retry, no offline queue, so a handler never hangs on a Redis outage. */
export const REDIS_PRODUCER_CONNECTION = Symbol('REDIS_PRODUCER_CONNECTION');

export interface ServiceKitOptions extends DatabaseOptions {
  config: ServiceConfig;
  /** The app's own settings (read with settingsReader), injectable everywhere under `provide`. */
  settings?: { provide: InjectionToken; useValue: unknown };
  /**
   * The app runs BullMQ queues on the kit's Redis connections: they are opened, closed, and Redis is a readiness check;
   * `@nestjs/bullmq` is set up on them (`BullModule.registerQueue`, `@Processor`), in the service's namespace.
   */
  queues?: boolean;
  /** Readiness checks beyond the database, NATS (and Redis with `queues`). */
  readiness?: { inject: InjectionToken[]; useFactory: (...deps: never[]) => ReadinessCheck[] };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly worker: Redis,
    @Inject(REDIS_PRODUCER_CONNECTION) private readonly producer: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    for (const connection of [this.worker, this.producer]) {
      // QUIT would wait for a Redis that is not there.
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }
}

/** What every feature of the app may inject: its configuration, settings, the one Clock, the Redis connections. */
@Global()
@Module({})
class ServiceCoreModule {
  static register(options: ServiceKitOptions): DynamicModule {
    const { config } = options;
    const redis: Provider[] = options.queues
      ? [
          { provide: REDIS_CONNECTION, useFactory: () => new Redis(config.redisUrl, { maxRetriesPerRequest: null }) },
          {
            provide: REDIS_PRODUCER_CONNECTION,
            useFactory: () => new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
          },
          RedisCloser,
        ]
      : [];
    const settings: Provider[] = options.settings ? [options.settings] : [];
    return {
      module: ServiceCoreModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }, Clock, ...settings, ...redis],
      exports: [
        SERVICE_CONFIG,
        Clock,
        ...(options.settings ? [options.settings.provide] : []),
        ...(options.queues ? [REDIS_CONNECTION, REDIS_PRODUCER_CONNECTION] : []),
      ],
    };
  }
}

/**
 * The infrastructure every domain app wires the same way, in one call: configuration and settings,
 * TypeORM on the service's own schema with its migrations, messaging (requests, outbox, durable
 * consumers), health and metrics on the app's port, the Clock, and Redis for BullMQ when asked.
 * An app's module then lists only its features.
 */
@Module({})
export class ServiceKit {
  static forService(options: ServiceKitOptions): DynamicModule {
    const { config } = options;
    const extra = options.readiness ?? { inject: [], useFactory: () => [] };
    const base: InjectionToken[] = [
      getDataSourceToken(),
      NATS_CONNECTION,
      ...(options.queues ? [REDIS_PRODUCER_CONNECTION] : []),
    ];
    // @nestjs/bullmq's queues (registerQueue) and workers (@Processor) on the kit's worker connection, in the namespace.
    const bullmq = options.queues
      ? [
          BullModule.forRootAsync({
            inject: [REDIS_CONNECTION],
            useFactory: (connection: Redis) => ({ connection, prefix: queuePrefix(config.namespace) }),
          }),
        ]
      : [];
    return {
      module: ServiceKit,
      imports: [
        ServiceCoreModule.register(options),
        ...bullmq,
        MessagingModule.forService(messagingOptionsOf(config)),
        databaseModule(config, { entities: options.entities, migrations: options.migrations }),
        EventsModule,
        HealthModule.register({
          config,
          inject: [...base, ...extra.inject],
          useFactory: (...deps: unknown[]) => {
            const [dataSource, nc, producer] = deps as [DataSource, NatsConnection, Redis | undefined];
            const checks: ReadinessCheck[] = [
              { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
              { name: 'nats', check: () => nc.flush() },
            ];
            if (options.queues) checks.push({ name: 'redis', check: async () => void (await producer!.ping()) });
            return [...checks, ...extra.useFactory(...(deps.slice(base.length) as never[]))];
          },
        }),
      ],
    };
  }
}
