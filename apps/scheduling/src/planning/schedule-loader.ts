import { Schedule, type OrderTerms } from '@atelier/scheduling-engine';
import { In, Not, type EntityManager } from 'typeorm';
import { activeStatuses } from '../jobs/job-state';
import { toPlannedOperation } from '../jobs/job-mapping';
import { JobEntity } from '../jobs/job.entity';
import { loadNetwork } from '../network/network-projection';
import { OrderPlanEntity } from './order-plan.entity';

/**
 * Builds the engine's Schedule from the database: the network projection (factories and transfer
 * times), every job holding capacity, and the orders' due dates (the objective the improvement
 * pass works on).
 */
export async function loadSchedule(manager: EntityManager): Promise<Schedule> {
  const network = await loadNetwork(manager);
  // Only what the engine books: a job's configuration and BOM (JSON, often most of its row) stay in the database.
  const jobs = await manager.find(JobEntity, {
    where: { status: In([...activeStatuses]) },
    select: {
      id: true,
      orderId: true,
      lineId: true,
      sequence: true,
      reworkOf: true,
      capability: true,
      durationMinutes: true,
      factoryId: true,
      workCentre: true,
      plannedStart: true,
      plannedEnd: true,
      firm: true,
    },
  });
  const plans = await manager.find(OrderPlanEntity, { where: { status: Not('cancelled') }, select: { orderId: true, dueDate: true } });
  const terms: OrderTerms[] = plans.map((plan) => ({ orderId: plan.orderId, dueDate: plan.dueDate?.getTime() }));
  return new Schedule(network, jobs.map(toPlannedOperation), terms);
}
