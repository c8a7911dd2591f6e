import { Schedule } from '@atelier/scheduling-engine';
import { In, type EntityManager } from 'typeorm';
import { activeStatuses } from '../jobs/job-state';
import { toPlannedOperation } from '../jobs/job-mapping';
import { JobEntity } from '../jobs/job.entity';
import { FactoryEntity } from '../network/factory.entity';
import { toNetwork } from '../network/network-projection';

/** Builds the engine's Schedule from the database: the network projection and every job holding capacity. */
export async function loadSchedule(manager: EntityManager): Promise<Schedule> {
  const factories = await manager.find(FactoryEntity);
  const jobs = await manager.find(JobEntity, { where: { status: In([...activeStatuses]) } });
  return new Schedule(toNetwork(factories), jobs.map(toPlannedOperation));
}
