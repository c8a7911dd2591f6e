import { Module } from '@nestjs/common';
import { ShipmentHandlers } from './shipment.handlers';
import { ShipmentService } from './shipment.service';

@Module({
  controllers: [ShipmentHandlers],
  providers: [ShipmentService],
})
export class ShipmentsModule {}
