import { Injectable } from '@nestjs/common';
import {
  AppError,
  decodeCursor,
  isIsoInstant,
  isKeyInteger,
  isKeyText,
  isUuid,
  openJobStatuses,
  toPage,
  type Page,
  type RequestOf,
  type ScheduledOperationView,
  type SchedulingRequests,
} from '@atelier/contracts';
import { DataSource } from 'typeorm';
import { toScheduledOperationView } from '../jobs/job-mapping';
import { JobEntity } from '../jobs/job.entity';

type ScheduleQuery = RequestOf<typeof SchedulingRequests.schedule>;

/** The sort key of the schedule, and so its cursor: factory, capability, work centre, start, then the job id. */
type ScheduleKey = [factoryId: string, capability: string, workCentre: number, start: string, jobId: string];

/** Only what the view shows: a job's configuration and BOM stay in the table. */
const listedColumns = [
  'id',
  'orderId',
  'lineId',
  'operationId',
  'capability',
  'factoryId',
  'workCentre',
  'plannedStart',
  'plannedEnd',
  'status',
  'firm',
];

/**
 * The plan as operators see it: operations per factory and work centre over time, a page at a time
 * (keyset on the sort key, so jobs planned meanwhile never shift a page). A job the plan moves while
 * someone pages may show up on either side of the cursor: the page is a view of a moving plan.
 */
@Injectable()
export class ScheduleView {
  constructor(private readonly dataSource: DataSource) {}

  async operations(query: ScheduleQuery): Promise<Page<ScheduledOperationView>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to)
      throw new AppError('VALIDATION_FAILED', '"from" must not be after "to"', { fields: ['from', 'to'] });
    const statuses: readonly string[] = query.status ? [query.status] : openJobStatuses;
    const select = this.dataSource.manager
      .createQueryBuilder(JobEntity, 'job')
      .select(listedColumns.map((column) => `job.${column}`))
      .where('job.status IN (:...statuses)', { statuses });
    if (query.factoryId) select.andWhere('job.factory_id = :factoryId', { factoryId: query.factoryId });
    if (from) select.andWhere('job.planned_end > :from', { from });
    if (to) select.andWhere('job.planned_start < :to', { to });
    if (query.cursor) {
      const [factoryId, capability, workCentre, start, jobId] = decodeCursor(query.cursor, parseScheduleKey);
      select.andWhere(
        '(job.factory_id, job.capability, job.work_centre, job.planned_start, job.id) > (:factoryId_, :capability_, :workCentre_, :start_, :jobId_)',
        { factoryId_: factoryId, capability_: capability, workCentre_: workCentre, start_: start, jobId_: jobId },
      );
    }
    const rows = await select
      .orderBy('job.factory_id', 'ASC')
      .addOrderBy('job.capability', 'ASC')
      .addOrderBy('job.work_centre', 'ASC')
      .addOrderBy('job.planned_start', 'ASC')
      .addOrderBy('job.id', 'ASC')
      .limit(query.limit + 1)
      .getMany();
    return toPage(rows, query.limit, toScheduledOperationView, keyOf);
  }
}

function keyOf(job: JobEntity): ScheduleKey {
  return [job.factoryId, job.capability, job.workCentre, job.plannedStart.toISOString(), job.id];
}

function parseScheduleKey(parts: unknown[]): ScheduleKey | null {
  const [factoryId, capability, workCentre, start, jobId] = parts;
  const valid =
    parts.length === 5 &&
    isKeyText(factoryId) &&
    isKeyText(capability) &&
    isKeyInteger(workCentre) &&
    isIsoInstant(start) &&
    isUuid(jobId);
  return valid ? [factoryId, capability, workCentre as number, start, jobId] : null;
}
