import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One published, immutable version of a product model. */
@Entity({ name: 'model_versions' })
export class ModelVersionEntity {
  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'jsonb' })
  document: Record<string, unknown>;

  /** Counted once, on first request (a decimal string: it can exceed 2^53). */
  @Column({ name: 'configuration_count', type: 'text', nullable: true })
  configurationCount: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
