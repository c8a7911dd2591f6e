import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SuppliersRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { FactoryService } from './factory.service';

/** NATS entry points for suppliers' factories and calendars. */
@Injectable()
export class FactoryHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly factories: FactoryService,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SuppliersRequests.createFactory, (request, ctx) => this.factories.register(request, ctx));
    this.requests.handle(SuppliersRequests.listFactories, ({ supplierId }) => this.factories.listOf(supplierId));
    this.requests.handle(SuppliersRequests.replaceCalendar, ({ supplierId, factoryId, calendar }, ctx) =>
      this.factories.replaceCalendar(supplierId, factoryId, calendar, ctx),
    );
    this.requests.handle(SuppliersRequests.listSuppliers, () => this.factories.suppliersWithFactories());
  }
}
