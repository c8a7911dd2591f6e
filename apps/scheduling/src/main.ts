import 'reflect-metadata';
import { loadConfig, startApp } from '@atelier/platform';
import { AppModule } from './app.module';

const config = loadConfig('scheduling');
startApp(AppModule.forConfig(config), config).catch((error) => {
  console.error(`scheduling failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
