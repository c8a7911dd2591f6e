import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AppError,
  decodeCursor,
  isIsoInstant,
  isUuid,
  MAX_EMBEDDED_FACTORIES,
  toPage,
  type FactoryData,
  type FactorySummary,
  type Page,
  type PageQuery,
  type SupplierView,
} from '@atelier/contracts';
import { Brackets, Repository, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { SupplierEntity } from '../principals/principal.entities';
import { PrincipalService } from '../principals/principal.service';
import { FactoryEntity, toFactoryData, toFactorySummary } from './factory.entity';

/** Both lists run oldest first on (created_at, id): written once from a JS Date, so a cursor compares exactly. */
type CreationKey = [createdAt: string, id: string];

/**
 * Reading the network: a supplier's factories, one factory with its calendar, and the operator's
 * list of suppliers with their first factories. Lists carry capabilities, not calendars (a
 * factory may have up to 500 closures), so a page stays small.
 */
@Injectable()
export class FactoryQueries {
  constructor(
    @InjectRepository(FactoryEntity) private readonly factories: Repository<FactoryEntity>,
    @InjectRepository(SupplierEntity) private readonly suppliers: Repository<SupplierEntity>,
    private readonly principals: PrincipalService,
  ) {}

  async listOf(supplierId: string, page: PageQuery): Promise<Page<FactorySummary>> {
    await this.principals.requireSupplier(supplierId);
    const query = this.factories.createQueryBuilder('factory').where('factory.supplier_id = :supplierId', { supplierId });
    const rows = await afterCursor(query, 'factory', page).getMany();
    return toPage(rows, page.limit, toFactorySummary, creationKey);
  }

  /** Another supplier's factory is NOT_FOUND: its existence is not revealed. */
  async get(supplierId: string, factoryId: string): Promise<FactoryData> {
    const factory = await this.factories.findOne({ where: { id: factoryId, supplierId } });
    if (!factory) throw AppError.notFound(`Factory ${factoryId}`);
    return toFactoryData(factory);
  }

  /** The operator's view: suppliers, each with its first MAX_EMBEDDED_FACTORIES factories and how many it has. */
  async suppliersWithFactories(page: PageQuery): Promise<Page<SupplierView>> {
    const rows = await afterCursor(this.suppliers.createQueryBuilder('supplier'), 'supplier', page).getMany();
    const listed = rows.slice(0, page.limit);
    const [counts, firsts] = await Promise.all([this.factoryCounts(listed), this.firstFactories(listed)]);
    const toView = (supplier: SupplierEntity): SupplierView => ({
      id: supplier.id,
      name: supplier.name,
      factoryCount: counts.get(supplier.id) ?? 0,
      factories: firsts.filter((f) => f.supplierId === supplier.id).map(toFactorySummary),
    });
    return toPage(rows, page.limit, toView, creationKey);
  }

  private async factoryCounts(suppliers: SupplierEntity[]): Promise<Map<string, number>> {
    if (suppliers.length === 0) return new Map();
    const rows: Array<{ supplierId: string; count: string }> = await this.factories
      .createQueryBuilder('factory')
      .select('factory.supplier_id', 'supplierId')
      .addSelect('count(*)', 'count')
      .where('factory.supplier_id IN (:...ids)', { ids: suppliers.map((s) => s.id) })
      .groupBy('factory.supplier_id')
      .getRawMany();
    return new Map(rows.map((row) => [row.supplierId, Number(row.count)]));
  }

  /** One query for the page: the factories ranked per supplier by creation, the first few kept. */
  private async firstFactories(suppliers: SupplierEntity[]): Promise<FactoryEntity[]> {
    if (suppliers.length === 0) return [];
    const ranked = this.factories
      .createQueryBuilder('ranked')
      .select('ranked.id', 'id')
      .addSelect('row_number() OVER (PARTITION BY ranked.supplier_id ORDER BY ranked.created_at, ranked.id)', 'rank')
      .where('ranked.supplier_id IN (:...ids)', { ids: suppliers.map((s) => s.id) });
    return this.factories
      .createQueryBuilder('factory')
      .where(`factory.id IN (SELECT first.id FROM (${ranked.getQuery()}) first WHERE first.rank <= :embedded)`)
      .setParameters({ ...ranked.getParameters(), embedded: MAX_EMBEDDED_FACTORIES })
      .orderBy('factory.created_at', 'ASC')
      .addOrderBy('factory.id', 'ASC')
      .getMany();
  }
}

function afterCursor<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: PageQuery,
): SelectQueryBuilder<T> {
  if (page.cursor) {
    const [createdAt, id] = decodeCursor(page.cursor, parseCreationKey);
    query.andWhere(
      new Brackets((where) => where.where(`(${alias}.created_at, ${alias}.id) > (:createdAt, :id)`, { createdAt, id })),
    );
  }
  return query
    .orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(page.limit + 1);
}

function creationKey(row: { createdAt: Date; id: string }): CreationKey {
  return [row.createdAt.toISOString(), row.id];
}

function parseCreationKey(parts: unknown[]): CreationKey | null {
  const [createdAt, id] = parts;
  return parts.length === 2 && isIsoInstant(createdAt) && isUuid(id) ? [createdAt, id] : null;
}
