import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface TransferPairRow {
  fromFactoryId: string;
  toFactoryId: string;
  minutes: number;
}

/** The transfer-time matrix (one row, id 1): written only under the plan lock, as it moves work. */
@Entity({ name: 'transfer_times' })
export class TransferTimesEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'default_minutes', type: 'integer' })
  defaultMinutes: number;

  @Column({ type: 'jsonb' })
  pairs: TransferPairRow[];

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
