import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppError, hashToken, SupplierEvents, type IssuedPrincipal, type Principal } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { schemaOf, UnitOfWork, type Causation, type Transaction } from '@atelier/messaging';
import { createOnce } from '../idempotency/idempotent-create';
import { CustomerEntity, SupplierEntity, TokenEntity } from './principal.entities';
import { generateToken } from './token';

/**
 * Customers and suppliers, and the tokens they sign in with. A token is shown once, when it is
 * issued; afterwards only its hash exists. Operator tokens are not here: the gateway checks them.
 */
@Injectable()
export class PrincipalService {
  constructor(
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    @InjectRepository(SupplierEntity) private readonly suppliers: Repository<SupplierEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async authenticate(tokenHash: string): Promise<Principal> {
    const token = await this.tokens.findOne({ where: { tokenHash: tokenHash.toLowerCase(), revokedAt: IsNull() } });
    if (!token) throw new AppError('UNAUTHENTICATED', 'The token is not valid');
    return { kind: token.principalKind, id: token.principalId, tokenId: token.id };
  }

  /** A customer and its first token. With an Idempotency-Key, created once (createPrincipal). */
  createCustomer(name: string, causation: Causation, idempotencyKey?: string): Promise<IssuedPrincipal> {
    return this.createPrincipal('customer', name, causation, idempotencyKey);
  }

  /** A supplier and its first token. With an Idempotency-Key, created once (createPrincipal). */
  createSupplier(name: string, causation: Causation, idempotencyKey?: string): Promise<IssuedPrincipal> {
    return this.createPrincipal('supplier', name, causation, idempotencyKey);
  }

  /**
   * A repeat with the same key and name answers the same principal. Its token was shown only in the
   * answer that was lost, and is never stored readable: the repeat revokes it and answers a new one.
   */
  private createPrincipal(
    kind: 'customer' | 'supplier',
    name: string,
    causation: Causation,
    idempotencyKey?: string,
  ): Promise<IssuedPrincipal> {
    const Entity = kind === 'customer' ? CustomerEntity : SupplierEntity;
    return this.unitOfWork.run(causation, async (tx) => {
      const manager = tx.manager;
      const create = async () => {
        const principal = manager.create(Entity, { id: randomUUID(), name, createdAt: new Date() });
        await manager.save(principal);
        const issued = await issue(manager, kind, principal.id);
        return { result: { id: principal.id, name, ...issued }, record: { resultId: principal.id, tokenId: issued.tokenId } };
      };
      if (idempotencyKey === undefined) return (await create()).result;
      return createOnce(
        manager,
        schemaOf(manager.connection),
        kind,
        idempotencyKey,
        { name },
        create,
        async ({ resultId, tokenId }) => {
          const principal = await manager.findOneByOrFail(Entity, { id: resultId });
          if (tokenId) await revokeIn(tx, tokenId);
          const issued = await issue(manager, kind, principal.id);
          return { result: { id: principal.id, name: principal.name, ...issued }, tokenId: issued.tokenId };
        },
      );
    });
  }

  /** Another token for a supplier (e.g. one per person or system), shown once. */
  async issueSupplierToken(supplierId: string): Promise<{ tokenId: string; token: string }> {
    await this.requireSupplier(supplierId);
    return issue(this.tokens.manager, 'supplier', supplierId);
  }

  /** Revoking twice is not an error: the token is revoked either way (and gateways told once). */
  async revoke(tokenId: string, causation: Causation): Promise<{ tokenId: string; revoked: true }> {
    const token = await this.tokens.findOne({ where: { id: tokenId } });
    if (!token) throw AppError.notFound(`Token ${tokenId}`);
    if (!token.revokedAt) await this.unitOfWork.run(causation, (tx) => revokeIn(tx, tokenId));
    return { tokenId, revoked: true };
  }

  async requireSupplier(supplierId: string): Promise<SupplierEntity> {
    const supplier = await this.suppliers.findOne({ where: { id: supplierId } });
    if (!supplier) throw AppError.notFound(`Supplier ${supplierId}`);
    return supplier;
  }
}

/** Revokes a token and tells the gateways (which cache who a token is) in the same transaction. */
async function revokeIn(tx: Transaction, tokenId: string): Promise<void> {
  const { affected } = await tx.manager.update(TokenEntity, { id: tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
  if (affected) await tx.publish(SupplierEvents.tokenRevoked, { aggregateId: tokenId, aggregateVersion: 1, data: { tokenId } });
}

async function issue(
  manager: EntityManager,
  principalKind: TokenEntity['principalKind'],
  principalId: string,
): Promise<{ tokenId: string; token: string }> {
  const token = generateToken();
  const entity = manager.create(TokenEntity, {
    id: randomUUID(),
    principalKind,
    principalId,
    tokenHash: hashToken(token),
    createdAt: new Date(),
    revokedAt: null,
  });
  await manager.save(entity);
  return { tokenId: entity.id, token };
}
