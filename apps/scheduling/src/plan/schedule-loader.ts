import { openJobStatuses } from '@atelier/contracts';
import { Schedule, type OrderTerms } from '@atelier/scheduling-engine';
import { In, type EntityManager } from 'typeorm';
import { toPlannedOperation } from '../jobs/job-mapping';
import { JobEntity } from '../jobs/job.entity';
import { loadNetwork } from '../network/network-projection';
import { liveOrderStatuses, OrderPlanEntity } from './order-plan.entity';

/** Only what the engine books: a job's configuration and BOM (JSON, often most of its row) stay in the database. */
const bookedColumns = [
  'id',
  'orderId',
  'lineId',
  'sequence',
  'reworkOf',
  'capability',
  'durationMinutes',
  'factoryId',
  'workCentre',
  'plannedStart',
  'plannedEnd',
  'firm',
] as const;

/**
 * Builds the engine's Schedule from the database: the network projection (factories and transfer
 * times), every job holding capacity, and the live orders' due dates (the objective the improvement
 * pass works on). Jobs holding capacity are the open ones (in progress included, even of a
 * cancelled order: its machine is busy) and the completed jobs of orders still being made (later
 * steps and re-work follow them). A completed order's jobs are history and stay out, so the plan
 * and its load grow with open work, not with every order ever made.
 */
export async function loadSchedule(manager: EntityManager): Promise<Schedule> {
  // One snapshot for every read: a job completed between two reads would otherwise be read twice
  // (open, then done), or its order's terms without it. Inside a planning run the plan lock holds
  // every writer off already.
  if (manager.queryRunner?.isTransactionActive) return readSchedule(manager);
  return manager.transaction('REPEATABLE READ', readSchedule);
}

async function readSchedule(manager: EntityManager): Promise<Schedule> {
  const network = await loadNetwork(manager);
  const booked = await manager
    .createQueryBuilder(JobEntity, 'job')
    .select(bookedColumns.map((column) => `job.${column}`))
    .leftJoin(OrderPlanEntity, 'plan', 'plan.order_id = job.order_id')
    .where('job.status IN (:...open)', { open: openJobStatuses })
    .orWhere(`job.status = 'completed' AND plan.status IN (:...live)`, { live: liveOrderStatuses })
    .getMany();
  const plans = await manager.find(OrderPlanEntity, {
    where: { status: In([...liveOrderStatuses]) },
    select: { orderId: true, dueDate: true },
  });
  const terms: OrderTerms[] = plans.map((plan) => ({ orderId: plan.orderId, dueDate: plan.dueDate?.getTime() }));
  return new Schedule(network, booked.map(toPlannedOperation), terms);
}
