import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AppError,
  SupplierEvents,
  type CalendarData,
  type FactoryData,
  type RequestOf,
  type SuppliersRequests,
} from '@atelier/contracts';
import { UnitOfWork, type Causation } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { createOnce } from '../idempotency/idempotent-create';
import { PrincipalService } from '../principals/principal.service';
import { assertValidFactory } from './factory-rules';
import { FactoryEntity, toFactoryData } from './factory.entity';

/** Factories of the network; every change is an event, because scheduling plans on its own projection of them. */
@Injectable()
export class FactoryService {
  constructor(
    @InjectRepository(FactoryEntity) private readonly factories: Repository<FactoryEntity>,
    private readonly principals: PrincipalService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Registers a factory; with an Idempotency-Key, once: a repeat with the same body answers the factory as it now is. */
  async register(request: RequestOf<typeof SuppliersRequests.createFactory>, causation: Causation): Promise<FactoryData> {
    const { supplierId, idempotencyKey, ...body } = request;
    assertValidFactory(body);
    await this.principals.requireSupplier(supplierId);
    return this.unitOfWork.run(causation, async (tx) => {
      const create = async () => {
        const now = new Date();
        const factory = tx.manager.create(FactoryEntity, {
          id: randomUUID(),
          supplierId,
          name: body.name,
          timeZone: body.timeZone,
          calendar: { workingHours: body.calendar.workingHours, closures: body.calendar.closures },
          capabilities: body.capabilities,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        await tx.manager.save(factory);
        const data = toFactoryData(factory);
        await tx.publish(SupplierEvents.factoryRegistered, { aggregateId: factory.id, aggregateVersion: 1, data });
        return { result: data, record: { resultId: factory.id, tokenId: null } };
      };
      if (idempotencyKey === undefined) return (await create()).result;
      const scope = `factory:${supplierId}`;
      return createOnce(tx.manager, this.unitOfWork.schema, scope, idempotencyKey, body, create, async ({ resultId }) => ({
        result: toFactoryData(await tx.manager.findOneByOrFail(FactoryEntity, { id: resultId })),
      }));
    });
  }

  /** Replaces the whole calendar (and the time zone when given); a supplier changes only its own factories. */
  async replaceCalendar(
    supplierId: string,
    factoryId: string,
    calendar: CalendarData,
    causation: Causation,
  ): Promise<FactoryData> {
    return this.unitOfWork.run(causation, async (tx) => {
      const factory = await tx.manager.findOne(FactoryEntity, {
        where: { id: factoryId, supplierId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!factory) throw AppError.notFound(`Factory ${factoryId}`);
      const { timeZone = factory.timeZone, workingHours, closures } = calendar;
      assertValidFactory({ timeZone, calendar: { workingHours, closures } });
      factory.timeZone = timeZone;
      factory.calendar = { workingHours, closures };
      factory.version += 1;
      factory.updatedAt = new Date();
      await tx.manager.save(factory);
      const data = toFactoryData(factory);
      await tx.publish(SupplierEvents.calendarChanged, { aggregateId: factory.id, aggregateVersion: factory.version, data });
      return data;
    });
  }
}
