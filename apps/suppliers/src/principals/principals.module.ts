import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerEntity, SupplierEntity, TokenEntity } from './principal.entities';
import { PrincipalHandlers } from './principal.handlers';
import { PrincipalService } from './principal.service';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerEntity, SupplierEntity, TokenEntity])],
  controllers: [PrincipalHandlers],
  providers: [PrincipalService],
  exports: [PrincipalService],
})
export class PrincipalsModule {}
