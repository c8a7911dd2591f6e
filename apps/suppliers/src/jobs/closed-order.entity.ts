import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An order whose cancel suppliers granted (OrderClosures): its jobs were withdrawn, no job of it
 * may start, and an offer of it arriving late is ignored.
 */
@Entity({ name: 'closed_orders' })
export class ClosedOrderEntity {
  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt: Date;
}
