import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A line's finished goods on their way to the customer: one row per shipped job of a shipping notice. */
@Entity({ name: 'line_shipments' })
export class LineShipmentEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'text' })
  shipmentId: string;

  @PrimaryColumn({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'line_id', type: 'uuid' })
  lineId: string;

  @Column({ type: 'text' })
  carrier: string;

  @Column({ name: 'tracking_number', type: 'text' })
  trackingNumber: string;

  @Column({ name: 'dispatched_at', type: 'timestamptz' })
  dispatchedAt: Date;
}
