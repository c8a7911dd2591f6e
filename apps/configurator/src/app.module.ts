import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EventsModule, MessagingModule, NATS_CONNECTION } from '@atelier/messaging';
import { databaseModule, HealthModule, type ServiceConfig, messagingOptionsOf } from '@atelier/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { ConfigurationModule } from './configuration/configuration.module';
import { ConfiguratorSettingsModule, readConfiguratorSettings, type ConfiguratorSettings } from './configurator-settings';
import { InitialSchema1764300000000 } from './migrations/1764300000000-initial-schema';
import { ConfigurationCount1764300000001 } from './migrations/1764300000001-configuration-count';
import { PublishKeys1764300000002 } from './migrations/1764300000002-publish-keys';
import { ModelVersionEntity } from './models/model-version.entity';
import { ModelsModule } from './models/models.module';

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig, settings: ConfiguratorSettings = readConfiguratorSettings()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfiguratorSettingsModule.register(settings),
        MessagingModule.forService(messagingOptionsOf(config)),
        databaseModule(config, { entities: [ModelVersionEntity], migrations: [InitialSchema1764300000000, ConfigurationCount1764300000001, PublishKeys1764300000002] }),
        EventsModule,
        HealthModule.register({
          config,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) => [
            { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
            { name: 'nats', check: () => nc.flush() },
          ],
        }),
        ModelsModule,
        ConfigurationModule,
      ],
    };
  }
}
