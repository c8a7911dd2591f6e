import { Module } from '@nestjs/common';
import { ShipmentHandlers } from './shipment.handlers';
import { ShipmentService } from './shipment.service';

@Module({
  providers: [ShipmentService, ShipmentHandlers],
})
export class ShipmentsModule {}
