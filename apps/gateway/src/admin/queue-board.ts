import {
  ForbiddenException,
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type MiddlewareConsumer,
  type NestMiddleware,
} from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AppError, hashToken, queuePrefix, Queues, sameHash } from '@atelier/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerTokenOf } from '../auth/bearer-token';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { toHttp } from '../http/error.filter';

/** Where the board is served. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The operator's view of the BullMQ queues (scheduling's planning runs, suppliers' offer deadlines),
 * read-only: the board offers no retry, clean or promote, so it cannot change what the services do.
 * Its Redis connection fails fast and is not part of the gateway's readiness: without Redis the board
 * shows errors, the API is unaffected.
 */
@Injectable()
export class QueueBoard implements BeforeApplicationShutdown {
  readonly serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  private readonly connection: Redis;
  private readonly queues: Queue[];

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.connection.on('error', () => undefined); // said on the board; the gateway's own work does not need Redis
    const prefix = queuePrefix(config.namespace);
    this.queues = Object.values(Queues).map((name) => new Queue(name, { connection: this.connection, prefix }));
    this.queues.forEach((queue) => queue.on('error', () => undefined));
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter: this.serverAdapter,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.queues.map((queue) => queue.close()));
    this.connection.disconnect();
  }
}

/**
 * Only the operator sees the board: no token is 401, any other token 403 (a customer's, a supplier's
 * or one nobody issued: the board never asks suppliers who a token is, so it cannot be used to make
 * the gateway ask, and it sits outside the API's rate limits). Browsers do not send a bearer token on
 * page loads: the operator sends the header with a browser extension, or through a proxy that adds
 * it (README "Operations").
 */
@Injectable()
export class OperatorOnly implements NestMiddleware {
  private readonly operatorTokenHash: string | null;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.operatorTokenHash = config.adminToken ? hashToken(config.adminToken) : null;
  }

  use(request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void {
    const header = request.headers.authorization;
    const token = bearerTokenOf(Array.isArray(header) ? header[0] : header);
    const refusal = !token
      ? new AppError('UNAUTHENTICATED', 'A bearer token is required')
      : !this.operatorTokenHash || !sameHash(hashToken(token), this.operatorTokenHash)
        ? new ForbiddenException('Only the operator may see the queues')
        : null;
    if (!refusal) return next();
    const [status, body] = toHttp(refusal);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

/** Mounts the board behind OperatorOnly (from the module that provides both and the AuthGuard). */
export function mountQueueBoard(consumer: MiddlewareConsumer, board: QueueBoard): void {
  consumer.apply(OperatorOnly, board.serverAdapter.getRouter()).forRoutes(QUEUE_BOARD_PATH);
}
