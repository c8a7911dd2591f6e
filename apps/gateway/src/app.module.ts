import { hashToken } from '@atelier/contracts';
import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { MessagingModule, NATS_CONNECTION, UploadStore } from '@atelier/messaging';
import { HealthModule, messagingOptionsOf } from '@atelier/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import { mountQueueBoard, OperatorOnly, QueueBoard } from './admin/queue-board';
import { AuthGuard } from './auth/auth.guard';
import { PrincipalCache } from './auth/principal-cache';
import { bearerTokenOf } from './auth/bearer-token';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { gatewayControllers } from './controllers';
import { BodyGuard } from './http/body.guard';
import { ErrorFilter } from './http/error.filter';
import { InputGuard } from './http/input.guard';
import { MetricsInterceptor } from './http/metrics.interceptor';
import { RateWindows } from './http/rate-windows';

/** The HTTP edge: authentication, validation, rate limits and mapping HTTP to NATS requests. No business rules here. */
@Module({})
export class AppModule implements NestModule {
  constructor(private readonly queueBoard: QueueBoard) {}

  /** The operator's queue board (`/admin/queues`): Express middleware, behind the operator's token. */
  configure(consumer: MiddlewareConsumer): void {
    mountQueueBoard(consumer, this.queueBoard);
  }

  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forService(messagingOptionsOf(config)),
        ThrottlerModule.forRoot({
          // Counted in constant time per request, whatever the limit (RateWindows).
          storage: new RateWindows(),
          throttlers: [
            {
              name: 'token',
              ttl: 60_000,
              limit: config.rateLimitPerMinute,
              getTracker: (req: Record<string, unknown>) => tokenOf(req),
            },
            // Every address also has a ceiling, so inventing tokens does not buy more requests.
            {
              name: 'address',
              ttl: 60_000,
              limit: config.rateLimitPerMinute * 10,
              getTracker: (req: Record<string, unknown>) => addressOf(req),
            },
          ],
        }),
        HealthModule.register({
          config,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => [{ name: 'nats', check: () => nc.flush() }],
        }),
      ],
      controllers: gatewayControllers,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        UploadStore,
        PrincipalCache,
        QueueBoard,
        OperatorOnly,
        { provide: APP_FILTER, useClass: ErrorFilter },
        // Guards run in this order: who asks too often, who is calling, then (only for them) the body, then what is in it.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: BodyGuard },
        { provide: APP_GUARD, useClass: InputGuard },
        { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
      ],
    };
  }
}

/** Rate limits count per bearer token (however its header is spelled), or per address for requests without one. */
function tokenOf(req: Record<string, unknown>): string {
  const token = bearerTokenOf((req.headers as Record<string, string | undefined>).authorization);
  return token ? `token:${hashToken(token)}` : addressOf(req);
}

function addressOf(req: Record<string, unknown>): string {
  return `address:${String(req.ip ?? 'unknown')}`;
}
