import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrincipalsModule } from '../principals/principals.module';
import { SupplierEntity } from '../principals/principal.entities';
import { FactoryQueries } from './factory-queries.service';
import { FactoryEntity } from './factory.entity';
import { FactoryHandlers } from './factory.handlers';
import { FactoryService } from './factory.service';

@Module({
  imports: [TypeOrmModule.forFeature([FactoryEntity, SupplierEntity]), PrincipalsModule],
  controllers: [FactoryHandlers],
  providers: [FactoryService, FactoryQueries],
})
export class FactoriesModule {}
