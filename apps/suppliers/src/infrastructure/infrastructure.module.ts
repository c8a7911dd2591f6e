import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { Redis } from 'ioredis';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
/** The connection of BullMQ producers (queues): it fails fast while Redis is down instead of waiting. */
export const REDIS_PRODUCER_CONNECTION = Symbol('REDIS_PRODUCER_CONNECTION');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(REDIS_PRODUCER_CONNECTION) private readonly producer: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    for (const connection of [this.redis, this.producer]) {
      // QUIT would wait for a Redis that is not there.
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }
}

/**
 * The validated configuration and the Redis connections: the workers' (BullMQ needs
 * `maxRetriesPerRequest: null`, it waits for Redis) and the producers' (one retry, no offline
 * queue: a request or event handler must never hang on a Redis outage).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: REDIS_CONNECTION, useFactory: () => new Redis(config.redisUrl, { maxRetriesPerRequest: null }) },
        {
          provide: REDIS_PRODUCER_CONNECTION,
          useFactory: () => new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
        },
        RedisCloser,
      ],
      exports: [SERVICE_CONFIG, REDIS_CONNECTION, REDIS_PRODUCER_CONNECTION],
    };
  }
}
