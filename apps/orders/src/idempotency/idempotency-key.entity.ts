import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer's Idempotency-Key: the order it created and the fingerprint of the body that created it. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
