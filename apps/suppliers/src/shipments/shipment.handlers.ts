import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SuppliersRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { ShipmentService } from './shipment.service';

/** NATS entry point for shipping notices. */
@Injectable()
export class ShipmentHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly shipments: ShipmentService,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SuppliersRequests.createShipment, (request, ctx) => this.shipments.dispatch(request, ctx));
  }
}
