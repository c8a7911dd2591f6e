import { Logger, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectMessaging } from '@atelier/messaging';
import { createServer } from 'node:http';
import { Counter } from 'prom-client';
import type { ServiceConfig } from './config';
import { useLogs, withLogs } from './logging';

const unhandledRejections = new Counter({
  name: 'atelier_unhandled_rejections_total',
  help: 'Promise rejections nobody handled: each is a bug, logged with its stack; the process goes on',
});
let processGuarded = false;

/**
 * A rejection nobody handled is a bug of ours, but it must not end a process that is answering
 * everyone else (Node's default): it is logged with its stack and counted, and the process goes on.
 */
export function guardProcess(serviceName: string): void {
  if (processGuarded) return;
  processGuarded = true;
  const logger = new Logger(serviceName);
  process.on('unhandledRejection', (reason) => {
    unhandledRejections.inc();
    logger.error(`Unhandled rejection (a bug; the process goes on): ${(reason as Error)?.stack ?? String(reason)}`);
  });
}

/**
 * Creates and starts an app: its HTTP server (API or health and metrics), graceful shutdown on signals,
 * its logs through pino (logging.ts).
 * While it waits for NATS and PostgreSQL it already answers on its port: live, not ready.
 */
export async function startApp(module: unknown, config: ServiceConfig): Promise<INestApplication> {
  guardProcess(config.serviceName);
  const starting = await answerWhileStarting(config.httpPort);
  const app = await NestFactory.create(withLogs(module, config), { bufferLogs: true }).finally(() => starting.close());
  useLogs(app);
  connectMessaging(app);
  stopOnSignals(app, config.serviceName);
  await app.listen(config.httpPort, '0.0.0.0');
  await app.startAllMicroservices();
  new Logger(config.serviceName).log(`${config.serviceName} ready on port ${config.httpPort}`);
  return app;
}

/**
 * An app as tests run it, in this process: its message handlers served (as startApp does), no HTTP
 * port. Instead of NestFactory.createApplicationContext, which cannot serve them.
 */
export async function startInProcess(module: unknown, options: NestApplicationOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(module as never, options);
  connectMessaging(app);
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/**
 * Until the app is up, its port says so: `/health/live` 200, `/health/ready` and everything else 503
 * (starting), so an orchestrator sees an app waiting for its dependencies rather than a dead one.
 */
export async function answerWhileStarting(port: number): Promise<{ close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const live = request.url === '/health/live';
    response.writeHead(live ? 200 : 503, { 'content-type': 'application/json', connection: 'close' });
    response.end(
      JSON.stringify(
        live
          ? { status: 'starting' }
          : { error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'Starting: waiting for its dependencies' }, status: 'starting' },
      ),
    );
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false)); // port taken: the app's own listen will say so
    server.listen(port, '0.0.0.0', () => resolve(true));
  });
  return {
    close: () =>
      listening
        ? new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          })
        : Promise.resolve(),
  };
}

/** However long draining takes, a stopping app is gone within this bound. */
const STOP_TIMEOUT_MS = 25_000;

/**
 * SIGTERM or SIGINT stops the app in order: no new requests or events, the ones in flight answered
 * (each within its own bound), connections closed, exit 0. A second signal, or a drain that overruns
 * its bound, ends it at once with exit 1.
 */
export function stopOnSignals(app: INestApplication, serviceName: string): void {
  const logger = new Logger(serviceName);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: stopping at once`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: draining, then stopping`);
    const overrun = setTimeout(() => {
      logger.error(`Still draining after ${STOP_TIMEOUT_MS} ms: stopping at once`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    overrun.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Stopping failed: ${(error as Error)?.stack ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
