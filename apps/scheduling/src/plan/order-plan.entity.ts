import type { ConfirmedLine } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `completed`: every job of the order is done; its jobs are history, no longer in the live plan. */
export type OrderPlanStatus = 'planned' | 'unplannable' | 'cancelled' | 'completed';
/** Orders whose work is in the live plan. */
export const liveOrderStatuses: readonly OrderPlanStatus[] = ['planned', 'unplannable'];

/**
 * What scheduling keeps of a confirmed order: its lines (to plan them again), its promise, and
 * why it cannot be planned now. Written only under the plan lock.
 */
@Entity({ name: 'order_plans' })
export class OrderPlanEntity {
  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId: string;

  @Column({ type: 'text' })
  status: OrderPlanStatus;

  @Column({ type: 'jsonb' })
  lines: ConfirmedLine[];

  @Column({ name: 'due_date', type: 'timestamptz', nullable: true })
  dueDate: Date | null;

  @Column({ name: 'promised_date', type: 'timestamptz', nullable: true })
  promisedDate: Date | null;

  @Column({ name: 'hold_code', type: 'text', nullable: true })
  holdCode: string | null;

  @Column({ name: 'hold_reason', type: 'text', nullable: true })
  holdReason: string | null;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
