import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '@atelier/platform';
import { Redis } from 'ioredis';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The validated configuration and the shared Redis connection (BullMQ needs `maxRetriesPerRequest: null`). */
@Global()
@Module({})
export class InfrastructureModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: REDIS_CONNECTION, useFactory: () => new Redis(config.redisUrl, { maxRetriesPerRequest: null }) },
        RedisCloser,
      ],
      exports: [SERVICE_CONFIG, REDIS_CONNECTION],
    };
  }
}
