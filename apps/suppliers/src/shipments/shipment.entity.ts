import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A shipping notice: finished goods of one supplier's last operations, on their way to the customer. */
@Entity({ name: 'shipments' })
export class ShipmentEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ type: 'text' })
  carrier: string;

  @Column({ name: 'tracking_number', type: 'text' })
  trackingNumber: string;

  @Column({ name: 'job_ids', type: 'jsonb' })
  jobIds: string[];

  @Column({ name: 'dispatched_at', type: 'timestamptz' })
  dispatchedAt: Date;
}
