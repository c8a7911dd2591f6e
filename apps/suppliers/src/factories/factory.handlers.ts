import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SuppliersRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { FactoryQueries } from './factory-queries.service';
import { FactoryService } from './factory.service';

/** NATS entry points for suppliers' factories and calendars. */
@Injectable()
export class FactoryHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly factories: FactoryService,
    private readonly queries: FactoryQueries,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SuppliersRequests.createFactory, (request, ctx) => this.factories.register(request, ctx));
    this.requests.handle(SuppliersRequests.listFactories, ({ supplierId, ...page }) => this.queries.listOf(supplierId, page));
    this.requests.handle(SuppliersRequests.getFactory, ({ supplierId, factoryId }) => this.queries.get(supplierId, factoryId));
    this.requests.handle(SuppliersRequests.replaceCalendar, ({ supplierId, factoryId, calendar }, ctx) =>
      this.factories.replaceCalendar(supplierId, factoryId, calendar, ctx),
    );
    this.requests.handle(SuppliersRequests.listSuppliers, (page) => this.queries.suppliersWithFactories(page));
  }
}
