import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tombstone: scheduling cancelled this job before its offer was ever stored here (events
 * replayed from the dead-letter stream, or redelivered out of order). Its offer is then ignored.
 */
@Entity({ name: 'withdrawn_jobs' })
export class WithdrawnJobEntity {
  @PrimaryColumn({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'withdrawn_at', type: 'timestamptz' })
  withdrawnAt: Date;
}
