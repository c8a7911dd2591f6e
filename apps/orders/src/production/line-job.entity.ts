import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LineJobStatus = 'planned' | 'started' | 'completed' | 'replaced' | 'cancelled';

/**
 * A production job of an order line, as far as the customer's progress needs it. Learnt from
 * scheduling (planned, replaced, cancelled) and from suppliers (started, progressed, completed).
 */
@Entity({ name: 'line_jobs' })
export class LineJobEntity {
  @PrimaryColumn({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  /** Null while the job is known only from `order.planned`, which lists job ids without their line. */
  @Column({ name: 'line_id', type: 'uuid', nullable: true })
  lineId: string | null;

  @Column({ type: 'text' })
  status: LineJobStatus;

  @Column({ type: 'integer' })
  percent: number;

  @Column({ name: 'is_last_operation', type: 'boolean', nullable: true })
  isLastOperation: boolean | null;

  /** What the supplier scrapped when completing it: scheduling plans that quantity again as re-work. */
  @Column({ name: 'scrap_quantity', type: 'integer', default: 0 })
  scrapQuantity: number;

  /** Re-work: the job whose scrap this job makes again. */
  @Column({ name: 'rework_of', type: 'text', nullable: true })
  reworkOf: string | null;
}
