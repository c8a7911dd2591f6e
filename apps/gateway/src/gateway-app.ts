import { NestFactory } from '@nestjs/core';
import type { LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppModule } from './app.module';
import type { GatewayConfig } from './gateway.config';

/**
 * The gateway as main.ts starts it, for tests to start the same way. Nest's body parsers are off:
 * they would read every body before anyone is asked who is calling. BodyGuard reads bodies
 * instead, after authentication and within each route's limit.
 */
export async function createGatewayApp(config: GatewayConfig, logger: LogLevel[] = ['fatal', 'error', 'warn', 'log']) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), { logger, bodyParser: false });
  const swaggerUi = path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('swagger-ui-dist/package.json'));
  app.useStaticAssets(swaggerUi, { prefix: '/docs/assets/' });
  return app;
}
