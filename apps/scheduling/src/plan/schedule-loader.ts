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
  const network = await loadNetwork(manager);
  const open = await manager.find(JobEntity, {
    where: { status: In([...openJobStatuses]) },
    select: Object.fromEntries(bookedColumns.map((column) => [column, true])),
  });
  const doneOfLiveOrders = await manager
    .createQueryBuilder(JobEntity, 'job')
    .select(bookedColumns.map((column) => `job.${column}`))
    .innerJoin(OrderPlanEntity, 'plan', 'plan.order_id = job.order_id')
    .where('plan.status IN (:...live)', { live: liveOrderStatuses })
    .andWhere(`job.status = 'completed'`)
    .getMany();
  const plans = await manager.find(OrderPlanEntity, { where: { status: In([...liveOrderStatuses]) }, select: { orderId: true, dueDate: true } });
  const terms: OrderTerms[] = plans.map((plan) => ({ orderId: plan.orderId, dueDate: plan.dueDate?.getTime() }));
  return new Schedule(network, [...open, ...doneOfLiveOrders].map(toPlannedOperation), terms);
}
