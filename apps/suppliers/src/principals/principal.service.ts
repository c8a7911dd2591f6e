import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppError, type IssuedPrincipal, type Principal } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { CustomerEntity, SupplierEntity, TokenEntity } from './principal.entities';
import { generateToken, hashToken } from './token';

/**
 * Customers and suppliers, and the tokens they sign in with. A token is shown once, when it is
 * issued; afterwards only its hash exists. Operator tokens are not here: the gateway checks them.
 */
@Injectable()
export class PrincipalService {
  constructor(
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    @InjectRepository(SupplierEntity) private readonly suppliers: Repository<SupplierEntity>,
  ) {}

  async authenticate(tokenHash: string): Promise<Principal> {
    const token = await this.tokens.findOne({ where: { tokenHash: tokenHash.toLowerCase(), revokedAt: IsNull() } });
    if (!token) throw new AppError('UNAUTHENTICATED', 'The token is not valid');
    return { kind: token.principalKind, id: token.principalId, tokenId: token.id };
  }

  async createCustomer(name: string): Promise<IssuedPrincipal> {
    return this.tokens.manager.transaction(async (manager) => {
      const customer = manager.create(CustomerEntity, { id: randomUUID(), name, createdAt: new Date() });
      await manager.save(customer);
      const issued = await issue(manager, 'customer', customer.id);
      return { id: customer.id, name, ...issued };
    });
  }

  async createSupplier(name: string): Promise<IssuedPrincipal> {
    return this.tokens.manager.transaction(async (manager) => {
      const supplier = manager.create(SupplierEntity, { id: randomUUID(), name, createdAt: new Date() });
      await manager.save(supplier);
      const issued = await issue(manager, 'supplier', supplier.id);
      return { id: supplier.id, name, ...issued };
    });
  }

  /** Another token for a supplier (e.g. one per person or system), shown once. */
  async issueSupplierToken(supplierId: string): Promise<{ tokenId: string; token: string }> {
    await this.requireSupplier(supplierId);
    return issue(this.tokens.manager, 'supplier', supplierId);
  }

  /** Revoking twice is not an error: the token is revoked either way. */
  async revoke(tokenId: string): Promise<{ tokenId: string; revoked: true }> {
    const token = await this.tokens.findOne({ where: { id: tokenId } });
    if (!token) throw AppError.notFound(`Token ${tokenId}`);
    if (!token.revokedAt) await this.tokens.update({ id: tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return { tokenId, revoked: true };
  }

  async requireSupplier(supplierId: string): Promise<SupplierEntity> {
    const supplier = await this.suppliers.findOne({ where: { id: supplierId } });
    if (!supplier) throw AppError.notFound(`Supplier ${supplierId}`);
    return supplier;
  }
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
