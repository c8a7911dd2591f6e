import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrincipalsModule } from '../principals/principals.module';
import { FactoryEntity } from './factory.entity';
import { FactoryHandlers } from './factory.handlers';
import { FactoryService } from './factory.service';

@Module({
  imports: [TypeOrmModule.forFeature([FactoryEntity]), PrincipalsModule],
  providers: [FactoryService, FactoryHandlers],
})
export class FactoriesModule {}
