import { Injectable } from '@nestjs/common';
import { AppError, type RequestOf, type ScheduledOperationView, type SchedulingRequests } from '@atelier/contracts';
import { DataSource, In, LessThan, MoreThan, type FindOptionsWhere } from 'typeorm';
import { toScheduledOperationView } from '../jobs/job-mapping';
import { activeStatuses } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';

/** The plan as operators see it: operations per factory and work centre over time. */
@Injectable()
export class ScheduleView {
  constructor(private readonly dataSource: DataSource) {}

  async operations(request: RequestOf<typeof SchedulingRequests.schedule>): Promise<{ operations: ScheduledOperationView[] }> {
    const from = request.from ? new Date(request.from) : undefined;
    const to = request.to ? new Date(request.to) : undefined;
    if (from && to && from > to) throw new AppError('VALIDATION_FAILED', '"from" must not be after "to"', { fields: ['from', 'to'] });
    const where: FindOptionsWhere<JobEntity> = { status: In([...activeStatuses]) };
    if (request.factoryId) where.factoryId = request.factoryId;
    if (from) where.plannedEnd = MoreThan(from);
    if (to) where.plannedStart = LessThan(to);
    const jobs = await this.dataSource.manager.find(JobEntity, {
      where,
      order: { factoryId: 'ASC', capability: 'ASC', workCentre: 'ASC', plannedStart: 'ASC' },
    });
    return { operations: jobs.map(toScheduledOperationView) };
  }
}
