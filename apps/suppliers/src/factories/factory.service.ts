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

  async register(request: RequestOf<typeof SuppliersRequests.createFactory>, causation: Causation): Promise<FactoryData> {
    const { supplierId, ...body } = request;
    assertValidFactory(body);
    await this.principals.requireSupplier(supplierId);
    return this.unitOfWork.run(causation, async (tx) => {
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
      return data;
    });
  }

  /** Replaces the whole calendar (and the time zone when given); a supplier changes only its own factories. */
  async replaceCalendar(supplierId: string, factoryId: string, calendar: CalendarData, causation: Causation): Promise<FactoryData> {
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
