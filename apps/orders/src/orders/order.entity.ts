import type { OrderStatus, PlaceOrderBody } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The order aggregate's root row. `version` counts its changes: every update is conditional on
 * the version read (OrderStore.save), and events carry it as their aggregateVersion.
 */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId: string;

  @Column({ type: 'text' })
  status: OrderStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'total_amount', type: 'text' })
  totalAmount: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'requested_date', type: 'timestamptz', nullable: true })
  requestedDate: Date | null;

  @Column({ name: 'promised_date', type: 'timestamptz', nullable: true })
  promisedDate: Date | null;

  @Column({ name: 'shipping_address', type: 'jsonb' })
  shippingAddress: PlaceOrderBody['shippingAddress'];

  @Column({ name: 'quote_id', type: 'uuid', nullable: true })
  quoteId: string | null;

  @Column({ type: 'integer' })
  version: number;

  /** The version at which the watchdog last told that the order is stuck (once per status change). */
  @Column({ name: 'stuck_reported_version', type: 'integer', nullable: true })
  stuckReportedVersion: number | null;

  /** The plan revision (scheduling's aggregateVersion of order.planned / order.unplannable) last applied. */
  @Column({ name: 'plan_revision', type: 'integer', default: 0 })
  planRevision: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
