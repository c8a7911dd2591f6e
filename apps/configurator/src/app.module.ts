import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKit, type ServiceConfig } from '@atelier/platform';
import { ConfigurationModule } from './configuration/configuration.module';
import { CONFIGURATOR_SETTINGS, readConfiguratorSettings, type ConfiguratorSettings } from './configurator-settings';
import { InitialSchema1764300000000 } from './migrations/1764300000000-initial-schema';
import { ConfigurationCount1764300000001 } from './migrations/1764300000001-configuration-count';
import { PublishKeys1764300000002 } from './migrations/1764300000002-publish-keys';
import { ModelVersionEntity } from './models/model-version.entity';
import { ModelsModule } from './models/models.module';

const migrations = [InitialSchema1764300000000, ConfigurationCount1764300000001, PublishKeys1764300000002];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig, settings: ConfiguratorSettings = readConfiguratorSettings()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forService({
          config,
          entities: [ModelVersionEntity],
          migrations,
          settings: { provide: CONFIGURATOR_SETTINGS, useValue: settings },
        }),
        ModelsModule,
        ConfigurationModule,
      ],
    };
  }
}
