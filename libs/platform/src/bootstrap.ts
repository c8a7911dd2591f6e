import { Logger, type LogLevel, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceConfig } from './config';

const levels: Record<ServiceConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Creates and starts an app: its HTTP server (API or health and metrics), graceful shutdown on signals. */
export async function startApp(module: unknown, config: ServiceConfig): Promise<INestApplication> {
  const app = await NestFactory.create(module as never, { logger: levels[config.logLevel], bufferLogs: false });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, '0.0.0.0');
  new Logger(config.serviceName).log(`${config.serviceName} ready on port ${config.httpPort}`);
  return app;
}
