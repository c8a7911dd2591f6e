import { Controller } from '@nestjs/common';
import { SuppliersRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, type RequestContext } from '@atelier/messaging';
import { ShipmentService } from './shipment.service';

const { createShipment } = SuppliersRequests;

/** NATS entry point for shipping notices. */
@Controller()
export class ShipmentHandlers {
  constructor(private readonly shipments: ShipmentService) {}

  @Handles(createShipment)
  createShipment(request: RequestOf<typeof createShipment>, ctx: RequestContext): Promise<ReplyOf<typeof createShipment>> {
    return this.shipments.dispatch(request, ctx);
  }
}
