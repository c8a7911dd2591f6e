import { Logger, type LogLevel, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Counter } from 'prom-client';
import type { ServiceConfig } from './config';

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

const levels: Record<ServiceConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Creates and starts an app: its HTTP server (API or health and metrics), graceful shutdown on signals. */
export async function startApp(module: unknown, config: ServiceConfig): Promise<INestApplication> {
  guardProcess(config.serviceName);
  const app = await NestFactory.create(module as never, { logger: levels[config.logLevel], bufferLogs: false });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, '0.0.0.0');
  new Logger(config.serviceName).log(`${config.serviceName} ready on port ${config.httpPort}`);
  return app;
}
