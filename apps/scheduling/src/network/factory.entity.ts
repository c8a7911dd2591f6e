import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface WorkingHoursRow {
  day: number;
  from: string;
  to: string;
}

export interface ClosureRow {
  from: string;
  to: string;
  reason?: string;
}

export interface CapabilityRow {
  capability: string;
  workCentres: number;
  speedFactor: number;
}

/** Scheduling's projection of a supplier's factory: what it can do and when it works. */
@Entity({ name: 'factories' })
export class FactoryEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'working_hours', type: 'jsonb' })
  workingHours: WorkingHoursRow[];

  @Column({ type: 'jsonb' })
  closures: ClosureRow[];

  @Column({ type: 'jsonb' })
  capabilities: CapabilityRow[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
