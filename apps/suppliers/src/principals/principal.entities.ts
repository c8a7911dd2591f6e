import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer of the network: it orders, and sees only its own orders. */
@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A supplier organization: it owns factories and answers the jobs offered to them. */
@Entity({ name: 'suppliers' })
export class SupplierEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A bearer token of a customer or supplier, kept only as its sha256. */
@Entity({ name: 'tokens' })
export class TokenEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'principal_kind', type: 'text' })
  principalKind: 'customer' | 'supplier';

  @Column({ name: 'principal_id', type: 'text' })
  principalId: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
