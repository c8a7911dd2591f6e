import type { CalendarData, FactoryData, FactorySummary } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

type Capability = FactoryData['capabilities'][number];

/** A supplier's factory: its working calendar and what it can make (scheduling's input). */
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

  @Column({ type: 'jsonb' })
  calendar: Omit<CalendarData, 'timeZone'>;

  @Column({ type: 'jsonb' })
  capabilities: Capability[];

  /** Counts the factory's changes: the aggregate version of its events. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toFactoryData(factory: FactoryEntity): FactoryData {
  return {
    id: factory.id,
    supplierId: factory.supplierId,
    name: factory.name,
    timeZone: factory.timeZone,
    calendar: factory.calendar,
    capabilities: factory.capabilities,
  };
}

/** The factory in a list: what it can make, without its calendar. */
export function toFactorySummary(factory: FactoryEntity): FactorySummary {
  return {
    id: factory.id,
    supplierId: factory.supplierId,
    name: factory.name,
    timeZone: factory.timeZone,
    capabilities: factory.capabilities,
  };
}
