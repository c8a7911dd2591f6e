import type { BomLine, RoutingOperation, Selections } from '@atelier/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One priced line, pinned to the model version it was configured against, with what it takes to make it. */
@Entity({ name: 'order_lines' })
export class OrderLineEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  selections: Selections;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'unit_price', type: 'text' })
  unitPrice: string;

  @Column({ name: 'line_total', type: 'text' })
  lineTotal: string;

  @Column({ type: 'jsonb' })
  routing: RoutingOperation[];

  @Column({ type: 'jsonb' })
  bom: BomLine[];
}
