import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigurationCounter } from './configuration-counter';
import { ModelCatalog } from './model-catalog.service';
import { ModelVersionEntity } from './model-version.entity';
import { ModelHandlers } from './model.handlers';
import { ModelWorkers } from './workers/model-workers.service';

@Module({
  imports: [TypeOrmModule.forFeature([ModelVersionEntity])],
  controllers: [ModelHandlers],
  providers: [ModelCatalog, ConfigurationCounter, ModelWorkers],
  exports: [ModelCatalog],
})
export class ModelsModule {}
