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

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
