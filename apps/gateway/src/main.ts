import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@atelier/platform';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppModule } from './app.module';
import { gatewayConfig } from './gateway.config';

async function start() {
  const config = gatewayConfig(loadConfig('gateway'));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger: ['fatal', 'error', 'warn', 'log'],
    bodyParser: false,
  });
  // JSON for the API; plain text for models as YAML and for imports (XCSP XML, DIMACS CNF), which can be large.
  app.useBodyParser('json', { limit: '5mb' });
  app.useBodyParser('text', { type: ['application/xml', 'text/xml', 'text/x-dimacs', 'application/yaml', 'text/yaml'], limit: '50mb' });
  const swaggerUi = path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('swagger-ui-dist/package.json'));
  app.useStaticAssets(swaggerUi, { prefix: '/docs/assets/' });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, '0.0.0.0');
  new Logger('gateway').log(`API on http://localhost:${config.httpPort} (docs at /docs)`);
}

start().catch((error) => {
  console.error(`gateway failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
