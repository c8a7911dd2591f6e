import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { ConfigurationHandlers } from './configuration.handlers';
import { ConfigurationService } from './configuration.service';

@Module({
  imports: [ModelsModule],
  controllers: [ConfigurationHandlers],
  providers: [ConfigurationService],
})
export class ConfigurationModule {}
