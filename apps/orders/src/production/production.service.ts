import { Injectable } from '@nestjs/common';
import { schemaOf } from '@atelier/messaging';
import { insertRows } from '@atelier/platform';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { LineJobEntity, type LineJobStatus } from './line-job.entity';
import { laterJobStatus } from './line-progress';
import { LineShipmentEntity } from './line-shipment.entity';
import { OrderLineEntity } from '../orders/order-line.entity';

export interface JobFacts {
  jobId: string;
  orderId: string;
  lineId?: string | null;
  isLastOperation?: boolean;
  /** On job.planned of re-work: the job whose scrap it makes again. */
  reworkOf?: string;
  /** On job.completed. */
  scrapQuantity?: number;
}

export interface ShipmentFacts {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  jobs: Array<{ jobId: string; orderId: string; lineId: string }>;
}

/**
 * Bookkeeping of an order's production jobs and shipments, from scheduling's and suppliers'
 * events. Every call runs inside the caller's transaction, after the order row is locked.
 */
@Injectable()
export class ProductionService {
  /** Line ids of orders, as placed: lines never change after placement, so they are kept (the most recent orders). */
  private readonly lineIds = new Map<string, ReadonlySet<string>>();

  /** Records what an event says about a job; statuses only move forward. Unknown lines of our orders are ignored. */
  async recordJob(manager: EntityManager, facts: JobFacts, status: LineJobStatus, percent?: number): Promise<LineJobEntity> {
    // Scheduling's job.planned is usually a job's first news: then one INSERT writes it whole.
    if (status === 'planned') {
      const fresh = await this.applyFacts(manager, unseenJob(facts), facts, status, percent);
      if (await this.insertIfNew(manager, [fresh])) return fresh;
    }
    // One round trip to make sure the row exists and hold it: a no-op update on conflict locks and returns it.
    const [row]: Array<Record<string, unknown>> = await manager.query(
      `INSERT INTO "${schemaOf(manager.connection)}"."line_jobs" ("job_id", "order_id", "line_id", "status", "percent", "is_last_operation", "scrap_quantity", "rework_of")
       VALUES ($1, $2, NULL, 'planned', 0, NULL, 0, NULL)
       ON CONFLICT ("job_id") DO UPDATE SET "job_id" = EXCLUDED."job_id"
       RETURNING "job_id", "order_id", "line_id", "status", "percent", "is_last_operation", "scrap_quantity", "rework_of"`,
      [facts.jobId, facts.orderId],
    );
    const job = Object.assign(new LineJobEntity(), {
      jobId: row.job_id as string,
      orderId: row.order_id as string,
      lineId: row.line_id as string | null,
      status: row.status as LineJobStatus,
      percent: Number(row.percent),
      isLastOperation: row.is_last_operation as boolean | null,
      scrapQuantity: Number(row.scrap_quantity),
      reworkOf: row.rework_of as string | null,
    });
    const before = { ...job };
    await this.applyFacts(manager, job, facts, status, percent);
    const changed = (Object.keys(before) as Array<keyof LineJobEntity>).filter((key) => before[key] !== job[key]);
    if (changed.length > 0) {
      await manager.update(LineJobEntity, { jobId: job.jobId }, Object.fromEntries(changed.map((key) => [key, job[key]])));
    }
    return job;
  }

  /**
   * job.planned of several jobs at once (a consumer's run): the jobs not seen yet written in one
   * INSERT; a job already known (its offer or report came first) gets its facts as recordJob gives them.
   */
  async recordPlannedJobsFacts(manager: EntityManager, facts: JobFacts[]): Promise<void> {
    await this.rememberLinesOf(
      manager,
      facts.map((f) => f.orderId),
    );
    const fresh: LineJobEntity[] = [];
    for (const f of facts) fresh.push(await this.applyFacts(manager, unseenJob(f), f, 'planned'));
    const inserted = await this.insertNew(manager, fresh);
    for (const f of facts) {
      if (!inserted.delete(f.jobId)) await this.recordJob(manager, f, 'planned');
    }
  }

  /** `order.planned` lists the order's jobs without their lines; jobs not seen yet are counted once their line is known. */
  async recordPlannedJobs(manager: EntityManager, orderId: string, jobIds: string[]): Promise<void> {
    // A job already known is left as it is (its status only moves forward from planned).
    await this.recordPlannedJobsOfOrders(manager, [{ orderId, jobIds }]);
  }

  /** recordPlannedJobs for several orders (a run of order.planned): one statement. */
  async recordPlannedJobsOfOrders(manager: EntityManager, plans: Array<{ orderId: string; jobIds: string[] }>): Promise<void> {
    await this.insertIfNew(
      manager,
      plans.flatMap(({ orderId, jobIds }) => jobIds.map((jobId) => unseenJob({ jobId, orderId }))),
    );
  }

  private async applyFacts(
    manager: EntityManager,
    job: LineJobEntity,
    facts: JobFacts,
    status: LineJobStatus,
    percent?: number,
  ): Promise<LineJobEntity> {
    if (facts.lineId && job.lineId !== facts.lineId && (await this.isLineOf(manager, facts.orderId, facts.lineId)))
      job.lineId = facts.lineId;
    if (facts.isLastOperation !== undefined) job.isLastOperation = facts.isLastOperation;
    if (facts.reworkOf) job.reworkOf = facts.reworkOf;
    if (facts.scrapQuantity !== undefined && status === 'completed') job.scrapQuantity = Math.max(0, facts.scrapQuantity);
    job.status = laterJobStatus(job.status, status);
    if (percent !== undefined && job.status === 'started') job.percent = Math.max(job.percent, Math.round(percent));
    if (job.status === 'completed') job.percent = 100;
    return job;
  }

  /** Inserts the jobs not recorded yet, in one statement; true when every one of them was new. */
  private async insertIfNew(manager: EntityManager, jobs: LineJobEntity[]): Promise<boolean> {
    return (await this.insertNew(manager, jobs)).size === jobs.length;
  }

  /** Inserts the jobs not recorded yet, in one statement; the ids of those it inserted. */
  private async insertNew(manager: EntityManager, jobs: LineJobEntity[]): Promise<Set<string>> {
    const inserted = await insertRows(manager, LineJobEntity, jobs, { orIgnore: true, returning: ['job_id'] });
    return new Set(inserted.map((row) => String(row.job_id)));
  }

  /** productionStarted for several orders: those of them whose production started. One query. */
  async productionStartedOf(manager: EntityManager, orderIds: string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const schema = schemaOf(manager.connection);
    const rows: Array<{ order_id: string }> = await manager.query(
      `SELECT "order_id" FROM "${schema}"."line_jobs" WHERE "order_id" = ANY($1::uuid[]) AND "status" IN ('started', 'completed')
       UNION SELECT "order_id" FROM "${schema}"."line_shipments" WHERE "order_id" = ANY($1::uuid[])`,
      [orderIds],
    );
    return new Set(rows.map((row) => row.order_id));
  }

  /** A job started or finished, or goods shipped (whose start report may still be on its way). One query. */
  async productionStarted(manager: EntityManager, orderId: string): Promise<boolean> {
    return (await this.productionStartedOf(manager, [orderId])).has(orderId);
  }

  /** The lines of an order just placed: remembered, so that its jobs' news needs no read of them. */
  placed(orderId: string, lineIds: string[]): void {
    if (lineIds.length > 0) this.remember(orderId, new Set(lineIds));
  }

  /** Stores a shipping notice's rows (once each) and returns the ids of the lines it ships. */
  async recordShipment(manager: EntityManager, orderId: string, shipment: ShipmentFacts, dispatchedAt: Date): Promise<string[]> {
    const lineIds: string[] = [];
    for (const job of shipment.jobs.filter((j) => j.orderId === orderId)) {
      if (!(await this.isLineOf(manager, orderId, job.lineId))) continue;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(LineShipmentEntity)
        .values({
          shipmentId: shipment.shipmentId,
          jobId: job.jobId,
          orderId,
          lineId: job.lineId,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          dispatchedAt,
        })
        .orIgnore()
        .returning(['lineId'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) lineIds.push(job.lineId);
    }
    return [...new Set(lineIds)];
  }

  /**
   * Shipped when every line has had finished goods dispatched, and nothing of it is still to
   * come: every live last-operation job of the line was reported completed and shipped, and the scrap of each one was
   * planned again (a scrapped quantity is re-work whose job may not be known here yet).
   */
  async allLinesShipped(manager: EntityManager, orderId: string): Promise<boolean> {
    const lines = await manager.count(OrderLineEntity, { where: { orderId } });
    const shipped = await manager
      .createQueryBuilder(LineShipmentEntity, 's')
      .select('COUNT(DISTINCT s.line_id)', 'count')
      .where('s.order_id = :orderId', { orderId })
      .getRawOne<{ count: string }>();
    if (lines === 0 || Number(shipped?.count ?? 0) !== lines) return false;
    const lastJobs = await manager.find(LineJobEntity, { where: { orderId, isLastOperation: true } });
    const live = lastJobs.filter((job) => job.lineId && job.status !== 'replaced' && job.status !== 'cancelled');
    if (live.length === 0) return true;
    const shippedJobs = new Set((await manager.find(LineShipmentEntity, { where: { orderId } })).map((s) => s.jobId));
    const reworked = new Set(lastJobs.map((job) => job.reworkOf).filter((id): id is string => !!id));
    // A shipment may be handled before the completion it follows (a redelivery, or events of the order
    // handled side by side): until the completion says how much was scrapped, the line is not done.
    return live.every(
      (job) => shippedJobs.has(job.jobId) && job.status === 'completed' && (job.scrapQuantity === 0 || reworked.has(job.jobId)),
    );
  }

  async shipmentsOf(manager: EntityManager, orderId: string): Promise<Array<{ carrier: string; trackingNumber: string }>> {
    const rows = await manager.find(LineShipmentEntity, {
      where: { orderId },
      order: { dispatchedAt: 'ASC', trackingNumber: 'ASC' },
    });
    const seen = new Map<string, { carrier: string; trackingNumber: string }>();
    for (const row of rows)
      seen.set(`${row.carrier}\u0000${row.trackingNumber}`, { carrier: row.carrier, trackingNumber: row.trackingNumber });
    return [...seen.values()];
  }

  private async isLineOf(manager: EntityManager, orderId: string, lineId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(lineId)) return false;
    let lines = this.lineIds.get(orderId);
    if (!lines) {
      const rows = await manager.find(OrderLineEntity, { where: { orderId }, select: { id: true } });
      lines = new Set(rows.map((row) => row.id));
      // An order with no lines yet is not ours to remember (it does not exist, or is not committed).
      if (lines.size > 0) this.remember(orderId, lines);
    }
    return lines.has(lineId);
  }

  /** Reads, in one query, the line ids of the orders not remembered yet. */
  private async rememberLinesOf(manager: EntityManager, orderIds: string[]): Promise<void> {
    const unknown = [...new Set(orderIds)].filter((id) => !this.lineIds.has(id) && /^[0-9a-f-]{36}$/i.test(id));
    if (unknown.length === 0) return;
    const rows = await manager.find(OrderLineEntity, { where: { orderId: In(unknown) }, select: { id: true, orderId: true } });
    const byOrder = new Map<string, Set<string>>();
    for (const row of rows) byOrder.set(row.orderId, (byOrder.get(row.orderId) ?? new Set()).add(row.id));
    for (const [orderId, lines] of byOrder) this.remember(orderId, lines);
  }

  private remember(orderId: string, lines: ReadonlySet<string>): void {
    this.lineIds.set(orderId, lines);
    if (this.lineIds.size > REMEMBERED_ORDERS) this.lineIds.delete(this.lineIds.keys().next().value!);
  }
}

/** How many orders' line ids are kept: those being planned and made at once, with room to spare. */
const REMEMBERED_ORDERS = 10_000;

/** A job as first recorded, before any fact about it. */
function unseenJob(facts: { jobId: string; orderId: string }): LineJobEntity {
  return Object.assign(new LineJobEntity(), {
    jobId: facts.jobId,
    orderId: facts.orderId,
    lineId: null,
    status: 'planned' as LineJobStatus,
    percent: 0,
    isLastOperation: null,
    scrapQuantity: 0,
    reworkOf: null,
  });
}
