import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What the customer sees happened to the order, appended at every step, never changed. */
@Entity({ name: 'order_timeline' })
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  message: string;
}
