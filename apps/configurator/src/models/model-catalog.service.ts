import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppError, ConfiguratorEvents, type ProductSummary, type PublishedVersion } from '@atelier/contracts';
import { compileModel, importDimacs, importXcsp, parseModelText, type CompiledModel } from '@atelier/configurator-engine';
import { UnitOfWork, type Causation } from '@atelier/messaging';
import { Repository } from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';

export interface LoadedModel {
  productId: string;
  version: number;
  model: CompiledModel;
}

/**
 * Product models and their versions. A published version never changes, so its compiled form
 * is cached for good; every replica compiles a version the first time it needs it.
 */
@Injectable()
export class ModelCatalog {
  private readonly compiled = new Map<string, CompiledModel>();

  constructor(
    @InjectRepository(ModelVersionEntity) private readonly versions: Repository<ModelVersionEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async publish(document: unknown, causation: Causation): Promise<PublishedVersion> {
    const result = compileModel(document);
    if (!result.ok) throw new AppError('INVALID_MODEL', 'The product model is not valid', result.errors);
    const { model } = result;
    return this.unitOfWork.run(causation, async (tx) => {
      // Serialize publishers of one model so versions are gap-free and never collide.
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`model:${model.id}`]);
      const [{ latest }] = await tx.manager.query(
        `SELECT COALESCE(MAX("version"), 0) AS latest FROM "${this.unitOfWork.schema}"."model_versions" WHERE "product_id" = $1`,
        [model.id],
      );
      const entity = tx.manager.create(ModelVersionEntity, {
        productId: model.id,
        version: Number(latest) + 1,
        name: model.name,
        description: model.document.description ?? null,
        document: model.document as unknown as Record<string, unknown>,
        configurationCount: null,
        publishedAt: new Date(),
      });
      await tx.manager.save(entity);
      const published = toPublished(entity);
      await tx.publish(ConfiguratorEvents.modelPublished, {
        aggregateId: entity.productId,
        aggregateVersion: entity.version,
        data: published,
      });
      return published;
    });
  }

  async import(format: 'xcsp' | 'dimacs', content: string, meta: { id: string; name: string }, causation: Causation) {
    let document: unknown;
    try {
      document = format === 'xcsp' ? importXcsp(content, meta) : importDimacs(content, meta);
    } catch (error) {
      throw new AppError('INVALID_MODEL', `The ${format.toUpperCase()} document could not be read: ${(error as Error).message}`);
    }
    return this.publish(document, causation);
  }

  async publishYaml(content: string, causation: Causation): Promise<PublishedVersion> {
    let document: unknown;
    try {
      document = parseModelText(content);
    } catch (error) {
      throw new AppError('INVALID_MODEL', `The YAML document could not be read: ${(error as Error).message}`);
    }
    return this.publish(document, causation);
  }

  async list(): Promise<ProductSummary[]> {
    const rows: Array<{ product_id: string; version: number; name: string; description: string | null }> =
      await this.versions.query(
        `SELECT DISTINCT ON ("product_id") "product_id", "version", "name", "description"
         FROM "${this.unitOfWork.schema}"."model_versions" ORDER BY "product_id", "version" DESC`,
      );
    return rows.map((r) => ({
      id: r.product_id,
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      latestVersion: r.version,
    }));
  }

  async latestVersionOf(productId: string): Promise<number> {
    const latest = await this.versions.maximum('version', { productId });
    if (latest === null) throw AppError.notFound(`Product ${productId}`);
    return latest;
  }

  async versionsOf(productId: string): Promise<PublishedVersion[]> {
    const rows = await this.versions.find({ where: { productId }, order: { version: 'ASC' } });
    if (rows.length === 0) throw AppError.notFound(`Product ${productId}`);
    return rows.map(toPublished);
  }

  /** The number of valid configurations of the latest version, counted once per version and kept. */
  async countOfLatest(
    productId: string,
    count: (loaded: LoadedModel) => Promise<string>,
  ): Promise<{ productId: string; version: number; count: string }> {
    const loaded = await this.load(productId);
    const stored = await this.versions.findOne({ where: { productId, version: loaded.version } });
    if (stored?.configurationCount) return { productId, version: loaded.version, count: stored.configurationCount };
    const counted = await count(loaded);
    await this.versions.update({ productId, version: loaded.version }, { configurationCount: counted });
    return { productId, version: loaded.version, count: counted };
  }

  /** The pinned version, or the latest when none is asked for. */
  async load(productId: string, version?: number): Promise<LoadedModel> {
    const entity = version
      ? await this.versions.findOne({ where: { productId, version } })
      : await this.versions.findOne({ where: { productId }, order: { version: 'DESC' } });
    if (!entity) throw AppError.notFound(version ? `Product ${productId} version ${version}` : `Product ${productId}`);
    const key = `${entity.productId}@${entity.version}`;
    let model = this.compiled.get(key);
    if (!model) {
      const result = compileModel(entity.document);
      if (!result.ok) throw new Error(`Stored model ${key} no longer compiles: ${JSON.stringify(result.errors)}`);
      model = result.model;
      this.compiled.set(key, model);
    }
    return { productId: entity.productId, version: entity.version, model };
  }
}

function toPublished(entity: ModelVersionEntity): PublishedVersion {
  return {
    productId: entity.productId,
    name: entity.name,
    version: entity.version,
    publishedAt: entity.publishedAt.toISOString(),
  };
}
