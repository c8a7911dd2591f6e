import type { BomLine, JobStatus, Selections, SupplierJobSummary, SupplierJobView } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A production job as its supplier sees it: the offer, the full specification, and everything reported on it. */
@Entity({ name: 'jobs' })
export class JobEntity {
  @PrimaryColumn({ name: 'job_id', type: 'text' })
  jobId: string;

  /** Arrival order: lists are newest first, and their cursor is this number. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ name: 'factory_id', type: 'text' })
  factoryId: string;

  @Column({ name: 'order_id', type: 'text' })
  orderId: string;

  @Column({ name: 'line_id', type: 'text' })
  lineId: string;

  @Column({ name: 'product_id', type: 'text' })
  productId: string;

  /** The product model version the order line pinned. */
  @Column({ name: 'product_version', type: 'integer' })
  productVersion: number;

  @Column({ name: 'operation_id', type: 'text' })
  operationId: string;

  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'text' })
  capability: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'duration_minutes', type: 'double precision' })
  durationMinutes: number;

  @Column({ name: 'work_centre', type: 'integer' })
  workCentre: number;

  @Column({ name: 'planned_start', type: 'timestamptz' })
  plannedStart: Date;

  @Column({ name: 'planned_end', type: 'timestamptz' })
  plannedEnd: Date;

  @Column({ name: 'is_last_operation', type: 'boolean' })
  isLastOperation: boolean;

  @Column({ type: 'jsonb' })
  selections: Selections;

  @Column({ type: 'jsonb' })
  bom: BomLine[];

  @Column({ type: 'text' })
  status: JobStatus;

  @Column({ name: 'offer_deadline', type: 'timestamptz', nullable: true })
  offerDeadline: Date | null;

  @Column({ name: 'progress_percent', type: 'double precision' })
  progressPercent: number;

  @Column({ name: 'good_quantity', type: 'integer', nullable: true })
  goodQuantity: number | null;

  @Column({ name: 'scrap_quantity', type: 'integer', nullable: true })
  scrapQuantity: number | null;

  /** Why it was rejected, cancelled or last delayed. */
  /** Scheduling's revision of the job last applied here (its offer, then each rescheduling). */
  @Column({ name: 'schedule_revision', type: 'integer', default: 0 })
  scheduleRevision: number;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'shipment_id', type: 'text', nullable: true })
  shipmentId: string | null;

  /** The order's correlation id, carried on to the events the deadline raises on its own. */
  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  /** Counts the job's changes here: the aggregate version of its events. Changed only under a row lock. */
  @Column({ name: 'row_version', type: 'integer' })
  rowVersion: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The job with its full specification, as GET /v1/supplier/jobs/{id} and the answers to actions show it. */
export function toJobView(job: JobEntity): SupplierJobView {
  return { ...toJobSummary(job), selections: job.selections, bom: job.bom };
}

/** The job in a list: all but the configuration and BOM (read without them: see JobService.list). */
export function toJobSummary(job: JobEntity): SupplierJobSummary {
  return {
    jobId: job.jobId,
    orderId: job.orderId,
    lineId: job.lineId,
    productId: job.productId,
    version: job.productVersion,
    operationId: job.operationId,
    sequence: job.sequence,
    capability: job.capability,
    ...(job.description === null ? {} : { description: job.description }),
    quantity: job.quantity,
    durationMinutes: job.durationMinutes,
    factoryId: job.factoryId,
    supplierId: job.supplierId,
    workCentre: job.workCentre,
    plannedStart: job.plannedStart.toISOString(),
    plannedEnd: job.plannedEnd.toISOString(),
    isLastOperation: job.isLastOperation,
    status: job.status,
    offerDeadline: job.offerDeadline ? job.offerDeadline.toISOString() : null,
    progressPercent: job.progressPercent,
    goodQuantity: job.goodQuantity,
    scrapQuantity: job.scrapQuantity,
    statusReason: job.statusReason,
    updatedAt: job.updatedAt.toISOString(),
  };
}

/** The reference every supplier event carries. */
export function jobRef(job: JobEntity) {
  return {
    jobId: job.jobId,
    orderId: job.orderId,
    lineId: job.lineId,
    productId: job.productId,
    version: job.productVersion,
    operationId: job.operationId,
    factoryId: job.factoryId,
    supplierId: job.supplierId,
    isLastOperation: job.isLastOperation,
  };
}
