import type { ConfirmedLine, RoutingOperation } from '@atelier/contracts';
import type { OrderToPlan, PlanOrderResult, PlannedOperation, Refusals, Schedule } from '@atelier/scheduling-engine';
import { randomUUID } from 'node:crypto';
import { isActive } from '../jobs/job-state';
import { JobEntity } from '../jobs/job.entity';

export interface OrderToReplan {
  orderId: string;
  lines: ConfirmedLine[];
  dueDate: Date | null;
}

export type OpenOperationsResult =
  | {
      ok: true;
      created: JobEntity[];
      /** Jobs that gave their operation up to a new job because they had to move. */
      superseded: JobEntity[];
      /** For a new job, the job it takes over from (refused or moved), if any. */
      predecessorOf: Map<string, JobEntity>;
      /** Offered jobs kept at their factory and work centre, with the time they now have (maybe the same). */
      rescheduled: Array<{ job: JobEntity; start: number; end: number }>;
    }
  | { ok: false; code: Extract<PlanOrderResult, { ok: false }>['code']; reason: string };

interface OpenOperation {
  jobId: string;
  line: ConfirmedLine;
  operation: RoutingOperation;
  isLast: boolean;
  /** An offered job booked again under its own id, on its own factory and work centre. */
  offered?: JobEntity;
}

const bySequence = (a: RoutingOperation, b: RoutingOperation) => a.sequence - b.sequence;
const operationKey = (lineId: string, operationId: string) => `${lineId}\u0000${operationId}`;

/**
 * Plans, on `schedule`, every operation of the order that has no job holding capacity (never
 * planned, refused, or listed in `move`), together with the non-firm operations after it in its
 * line, which must follow it. Firm jobs stay. Refusing factories are avoided by the engine's refusal
 * policy (Schedule.planOrder). A later operation already offered keeps its job, factory and work centre and only
 * moves in time: its supplier may be accepting it this very moment, and withdrawing it would have the
 * work made twice. Only when it cannot stay there is it withdrawn and planned anew like the rest.
 * On failure the schedule may have lost the superseded jobs: reload it.
 */
export function planOpenOperations(
  schedule: Schedule,
  order: OrderToReplan,
  jobs: JobEntity[],
  options: { now: number; move?: ReadonlySet<string> },
): OpenOperationsResult {
  // Re-work after a scrap is an extra job of a routing step, planned on its own (ReworkPlanning).
  jobs = jobs.filter((job) => !job.reworkOf);
  const move = options.move ?? new Set<string>();
  const kept = new Map<string, JobEntity>();
  for (const job of jobs) {
    if (isActive(job.status) && !(move.has(job.id) && !job.firm)) kept.set(operationKey(job.lineId, job.operationId), job);
  }
  const open: OpenOperation[] = [];
  const superseded: JobEntity[] = jobs.filter((job) => move.has(job.id) && !job.firm && isActive(job.status));
  for (const line of order.lines) {
    const routing = [...line.routing].sort(bySequence);
    let opened = false;
    routing.forEach((operation, index) => {
      const job = kept.get(operationKey(line.lineId, operation.operationId));
      if (job && (!opened || job.firm)) return;
      opened = true;
      const isLast = index === routing.length - 1;
      if (job?.status === 'offered') open.push({ jobId: job.id, line, operation, isLast, offered: job });
      else {
        if (job) superseded.push(job);
        open.push({ jobId: randomUUID(), line, operation, isLast });
      }
    });
  }
  if (open.length === 0) return { ok: true, created: [], superseded: [], predecessorOf: new Map(), rescheduled: [] };
  schedule.remove([...superseded.map((job) => job.id), ...open.filter((o) => o.offered).map((o) => o.jobId)]);
  // The refusal policy is the engine's (MAX_REFUSALS_PER_FACTORY): this only counts who refused what.
  const keepPlace = new Map(
    open.filter((o) => o.offered).map((o) => [o.jobId, { factoryId: o.offered!.factoryId, workCentre: o.offered!.workCentre }]),
  );
  const result = schedule.planOrder(orderToPlan(order, open), { now: options.now, refusals: refusalsOf(open, jobs), keepPlace });
  if (!result.ok) return { ok: false, code: result.code, reason: result.reason };
  // Offers that could not stay where they are are withdrawn: their work becomes new jobs.
  const byId = new Map(open.map((o) => [o.jobId, o]));
  for (const released of result.released) {
    const o = byId.get(released)!;
    superseded.push(o.offered!);
    o.offered = undefined;
    o.jobId = randomUUID();
    schedule.renameOperation(released, o.jobId);
  }
  const created: JobEntity[] = [];
  const rescheduled: Array<{ job: JobEntity; start: number; end: number }> = [];
  for (const placed of result.operations) {
    const o = byId.get(placed.operationId)!;
    const planned = { ...placed, operationId: o.jobId };
    if (o.offered) rescheduled.push({ job: o.offered, start: planned.start, end: planned.end });
    else created.push(newJob(schedule, planned, o));
  }
  return { ok: true, created, superseded, predecessorOf: predecessors(created, jobs, superseded), rescheduled };
}

function orderToPlan(order: OrderToReplan, open: OpenOperation[]): OrderToPlan {
  const lines = order.lines
    .map((line) => ({
      lineId: line.lineId,
      operations: open
        .filter((o) => o.line.lineId === line.lineId)
        .map((o) => ({
          operationId: o.jobId,
          orderId: order.orderId,
          lineId: line.lineId,
          sequence: o.operation.sequence,
          capability: o.operation.capability,
          durationMinutes: o.operation.durationMinutes * line.quantity,
        })),
    }))
    .filter((line) => line.operations.length > 0);
  return { orderId: order.orderId, dueDate: order.dueDate?.getTime(), lines };
}

/** Per open operation (by its job id), the factories that refused or let expire an earlier offer of it, and how often. */
function refusalsOf(open: OpenOperation[], jobs: JobEntity[]): Refusals {
  const refusals: Record<string, Refusals[string]> = {};
  for (const o of open) {
    const counts = new Map<string, number>();
    for (const j of jobs) {
      if (j.lineId !== o.line.lineId || j.operationId !== o.operation.operationId) continue;
      if (j.status === 'rejected' || j.status === 'expired') counts.set(j.factoryId, (counts.get(j.factoryId) ?? 0) + 1);
    }
    if (counts.size > 0)
      refusals[o.jobId] = {
        name: o.operation.operationId,
        refusedBy: [...counts].map(([factoryId, times]) => ({ factoryId, times })),
      };
  }
  return refusals;
}

/** The latest earlier job of each new job's operation that nobody has taken over from yet. */
function predecessors(created: JobEntity[], jobs: JobEntity[], superseded: JobEntity[]): Map<string, JobEntity> {
  const candidates = [...jobs.filter((j) => !isActive(j.status) && j.status !== 'cancelled' && !j.replacedBy), ...superseded];
  const result = new Map<string, JobEntity>();
  for (const job of created) {
    const earlier = candidates
      .filter((c) => c.lineId === job.lineId && c.operationId === job.operationId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (earlier) result.set(job.id, earlier);
  }
  return result;
}

function newJob(schedule: Schedule, planned: PlannedOperation, open: OpenOperation): JobEntity {
  const factory = schedule.network.factories.find((f) => f.id === planned.factoryId);
  const now = new Date();
  return Object.assign(new JobEntity(), {
    id: planned.operationId,
    orderId: planned.orderId,
    lineId: planned.lineId,
    productId: open.line.productId,
    productVersion: open.line.version,
    operationId: open.operation.operationId,
    sequence: open.operation.sequence,
    capability: open.operation.capability,
    description: open.operation.description ?? null,
    quantity: open.line.quantity,
    durationMinutes: planned.durationMinutes,
    factoryId: planned.factoryId,
    supplierId: factory?.supplierId ?? '',
    workCentre: planned.workCentre,
    plannedStart: new Date(planned.start),
    plannedEnd: new Date(planned.end),
    isLastOperation: open.isLast,
    status: 'offered' as const,
    firm: false,
    selections: open.line.selections,
    bom: open.line.bom,
    replacedBy: null,
    scrapQuantity: 0,
    reworkOf: null,
    revision: 0,
    createdAt: now,
    updatedAt: now,
  });
}
