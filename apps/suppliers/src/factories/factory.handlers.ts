import { Controller } from '@nestjs/common';
import { SuppliersRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, type RequestContext } from '@atelier/messaging';
import { FactoryQueries } from './factory-queries.service';
import { FactoryService } from './factory.service';

const { createFactory, listFactories, getFactory, replaceCalendar, listSuppliers } = SuppliersRequests;

/** NATS entry points for suppliers' factories and calendars. */
@Controller()
export class FactoryHandlers {
  constructor(
    private readonly factories: FactoryService,
    private readonly queries: FactoryQueries,
  ) {}

  @Handles(createFactory)
  createFactory(request: RequestOf<typeof createFactory>, ctx: RequestContext): Promise<ReplyOf<typeof createFactory>> {
    return this.factories.register(request, ctx);
  }

  @Handles(listFactories)
  listFactories({ supplierId, ...page }: RequestOf<typeof listFactories>): Promise<ReplyOf<typeof listFactories>> {
    return this.queries.listOf(supplierId, page);
  }

  @Handles(getFactory)
  getFactory({ supplierId, factoryId }: RequestOf<typeof getFactory>): Promise<ReplyOf<typeof getFactory>> {
    return this.queries.get(supplierId, factoryId);
  }

  @Handles(replaceCalendar)
  replaceCalendar(
    { supplierId, factoryId, calendar }: RequestOf<typeof replaceCalendar>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof replaceCalendar>> {
    return this.factories.replaceCalendar(supplierId, factoryId, calendar, ctx);
  }

  @Handles(listSuppliers)
  listSuppliers(page: RequestOf<typeof listSuppliers>): Promise<ReplyOf<typeof listSuppliers>> {
    return this.queries.suppliersWithFactories(page);
  }
}
