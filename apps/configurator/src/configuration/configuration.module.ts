import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { ConfigurationHandlers } from './configuration.handlers';
import { ConfigurationService } from './configuration.service';

@Module({
  imports: [ModelsModule],
  providers: [ConfigurationService, ConfigurationHandlers],
})
export class ConfigurationModule {}
