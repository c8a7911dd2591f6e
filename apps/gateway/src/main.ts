import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { answerWhileStarting, guardProcess, loadConfig, stopOnSignals, useLogs, withLogs } from '@atelier/platform';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppModule } from './app.module';
import { gatewayConfig } from './gateway.config';

async function start() {
  const config = gatewayConfig(loadConfig('gateway'));
  guardProcess('gateway');
  const starting = await answerWhileStarting(config.httpPort);
  // Nest's body parsers would read every body before anyone is asked who is calling: BodyGuard
  // reads bodies instead, after authentication and within each route's limit.
  const app = await NestFactory.create<NestExpressApplication>(
    withLogs(AppModule.forConfig(config), config, { accessLog: true }),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  ).finally(() => starting.close());
  useLogs(app);
  // Node would answer `Expect: 100-continue` at once, inviting the body before the caller is known;
  // handled as an ordinary request instead, the client hears "continue" from BodyGuard.
  const server: Server = app.getHttpServer();
  server.on('checkContinue', (request, response) => server.emit('request', request, response));
  const swaggerUi = path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('swagger-ui-dist/package.json'));
  app.useStaticAssets(swaggerUi, { prefix: '/docs/assets/' });
  stopOnSignals(app, 'gateway');
  await app.listen(config.httpPort, '0.0.0.0');
  new Logger('gateway').log(`API on http://localhost:${config.httpPort} (docs at /docs)`);
}

start().catch((error) => {
  console.error(`gateway failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
