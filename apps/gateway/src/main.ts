import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@atelier/platform';
import { createGatewayApp } from './gateway-app';
import { gatewayConfig } from './gateway.config';

async function start() {
  const config = gatewayConfig(loadConfig('gateway'));
  const app = await createGatewayApp(config);
  app.enableShutdownHooks();
  await app.listen(config.httpPort, '0.0.0.0');
  new Logger('gateway').log(`API on http://localhost:${config.httpPort} (docs at /docs)`);
}

start().catch((error) => {
  console.error(`gateway failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
