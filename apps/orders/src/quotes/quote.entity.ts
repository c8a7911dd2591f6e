import type { QuoteView } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A price and promise given to a customer, valid for a day. It pins nothing: placing re-prices. */
@Entity({ name: 'quotes' })
export class QuoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId: string;

  @Column({ type: 'jsonb' })
  lines: QuoteView['lines'];

  @Column({ name: 'total_amount', type: 'text' })
  totalAmount: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'requested_date', type: 'timestamptz', nullable: true })
  requestedDate: Date | null;

  @Column({ name: 'promised_date', type: 'timestamptz', nullable: true })
  promisedDate: Date | null;

  @Column({ name: 'promise_reason', type: 'text', nullable: true })
  promiseReason: string | null;

  @Column({ name: 'valid_until', type: 'timestamptz' })
  validUntil: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
