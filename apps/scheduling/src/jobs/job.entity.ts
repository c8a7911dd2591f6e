import type { BomLine, JobStatus, Selections } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A production job: one routing operation of one order line at one factory. Written only by a
 * planning run holding the plan lock, so rows are never updated concurrently.
 */
@Entity({ name: 'jobs' })
export class JobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'order_id', type: 'text' })
  orderId: string;

  @Column({ name: 'line_id', type: 'text' })
  lineId: string;

  @Column({ name: 'product_id', type: 'text' })
  productId: string;

  /** The pinned product model version of the line. */
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

  /** The operation's duration times the quantity, before the factory's speed factor. */
  @Column({ name: 'duration_minutes', type: 'double precision' })
  durationMinutes: number;

  @Column({ name: 'factory_id', type: 'text' })
  factoryId: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ name: 'work_centre', type: 'integer' })
  workCentre: number;

  @Column({ name: 'planned_start', type: 'timestamptz' })
  plannedStart: Date;

  @Column({ name: 'planned_end', type: 'timestamptz' })
  plannedEnd: Date;

  @Column({ name: 'is_last_operation', type: 'boolean' })
  isLastOperation: boolean;

  @Column({ type: 'text' })
  status: JobStatus;

  /** Accepted or later: the engine never moves it. */
  @Column({ type: 'boolean' })
  firm: boolean;

  @Column({ type: 'jsonb' })
  selections: Selections;

  @Column({ type: 'jsonb' })
  bom: BomLine[];

  /** The job that took over this operation after a refusal or a move. */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy: string | null;

  /** What the supplier scrapped when it completed the job: that quantity is made again as re-work. */
  @Column({ name: 'scrap_quantity', type: 'integer', default: 0 })
  scrapQuantity: number;

  /** Re-work after a quality scrap: the job whose scrapped quantity this job makes again. */
  @Column({ name: 'rework_of', type: 'uuid', nullable: true })
  reworkOf: string | null;

  /** Counts the changes of this job; the aggregate version of its events. */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
