import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppError, ConfiguratorEvents, type ProductSummary, type PublishedVersion } from '@atelier/contracts';
import { checkDocumentLength, ModelLimitError, restoreModel, type CompiledModel } from '@atelier/configurator-engine';
import { UnitOfWork, type Causation } from '@atelier/messaging';
import { Repository } from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';
import type { CheckedModel, ModelSource } from './workers/model-tasks';
import { ModelWorkers, type StoredVersion } from './workers/model-workers.service';

export interface LoadedModel {
  productId: string;
  version: number;
  model: CompiledModel;
}

/**
 * Product models and their versions. A published version never changes, so its compiled form
 * is cached for good; every replica compiles a version the first time it needs it. Checking,
 * compiling and counting run on model workers (ModelWorkers), never on the request thread; the
 * request thread only parses a served version's document and restores what a worker compiled
 * (linear in the model's size, bounded by MODEL_LIMITS), and passes documents as JSON text
 * between the database and the workers.
 */
@Injectable()
export class ModelCatalog {
  private readonly compiled = new Map<string, CompiledModel>();
  private readonly loading = new Map<string, Promise<CompiledModel>>();

  constructor(
    @InjectRepository(ModelVersionEntity) private readonly versions: Repository<ModelVersionEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly workers: ModelWorkers,
  ) {}

  async publish(document: unknown, causation: Causation): Promise<PublishedVersion> {
    return this.store(await this.workers.check({ format: 'native', document }), causation);
  }

  async import(format: 'xcsp' | 'dimacs', content: string, meta: { id: string; name: string }, causation: Causation) {
    return this.checkAndStore({ format, content, meta }, causation);
  }

  async publishYaml(content: string, causation: Causation): Promise<PublishedVersion> {
    return this.checkAndStore({ format: 'yaml', content }, causation);
  }

  private async checkAndStore(source: Extract<ModelSource, { content: string }>, causation: Causation): Promise<PublishedVersion> {
    try {
      // Measured here, so an oversized text is not even copied to a worker.
      checkDocumentLength(source.content);
    } catch (error) {
      if (!(error instanceof ModelLimitError)) throw error;
      throw new AppError('INVALID_MODEL', `The ${source.format.toUpperCase()} document is too large: ${error.message}`, { limit: error.limit });
    }
    return this.store(await this.workers.check(source), causation);
  }

  private store(checked: CheckedModel, causation: Causation): Promise<PublishedVersion> {
    // PostgreSQL cannot store the NUL character; a YAML or XCSP text can smuggle one in as an escape.
    if (checked.documentJson.includes('\\u0000')) {
      throw new AppError('INVALID_MODEL', 'The model contains the NUL character (\\u0000), which no name or value may hold');
    }
    const table = `"${this.unitOfWork.schema}"."model_versions"`;
    return this.unitOfWork.run(causation, async (tx) => {
      // Serialize publishers of one model so versions are gap-free and never collide.
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`model:${checked.id}`]);
      const [{ latest }] = await tx.manager.query(`SELECT COALESCE(MAX("version"), 0) AS latest FROM ${table} WHERE "product_id" = $1`, [checked.id]);
      const published: PublishedVersion = { productId: checked.id, name: checked.name, version: Number(latest) + 1, publishedAt: new Date().toISOString() };
      await tx.manager.query(
        `INSERT INTO ${table} ("product_id", "version", "name", "description", "document", "configuration_count", "published_at")
         VALUES ($1, $2, $3, $4, $5::jsonb, NULL, $6)`,
        [published.productId, published.version, published.name, checked.description, checked.documentJson, published.publishedAt],
      );
      await tx.publish(ConfiguratorEvents.modelPublished, { aggregateId: published.productId, aggregateVersion: published.version, data: published });
      return published;
    });
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
    // Not the documents: they can be large, and parsing them would hold up this thread.
    const rows = await this.versions.find({ where: { productId }, order: { version: 'ASC' }, select: { productId: true, version: true, name: true, publishedAt: true } });
    if (rows.length === 0) throw AppError.notFound(`Product ${productId}`);
    return rows.map(toPublished);
  }

  /** The number of valid configurations of the latest version, counted once per version and kept. */
  async countOfLatest(
    productId: string,
    count: (stored: StoredVersion) => Promise<string>,
  ): Promise<{ productId: string; version: number; count: string }> {
    const latest = await this.versions.findOne({ where: { productId }, order: { version: 'DESC' }, select: { productId: true, version: true, configurationCount: true } });
    if (!latest) throw AppError.notFound(`Product ${productId}`);
    const { version } = latest;
    if (latest.configurationCount) return { productId, version, count: latest.configurationCount };
    const counted = await count(await this.stored(productId, version));
    await this.versions.update({ productId, version }, { configurationCount: counted });
    return { productId, version, count: counted };
  }

  /** The pinned version, or the latest when none is asked for. */
  async load(productId: string, version?: number): Promise<LoadedModel> {
    const entity = await this.versions.findOne({
      where: version ? { productId, version } : { productId },
      order: { version: 'DESC' },
      select: { productId: true, version: true },
    });
    if (!entity) throw AppError.notFound(version ? `Product ${productId} version ${version}` : `Product ${productId}`);
    const key = `${entity.productId}@${entity.version}`;
    const model = this.compiled.get(key) ?? (await this.compileOnce(key, entity.productId, entity.version));
    return { productId: entity.productId, version: entity.version, model };
  }

  /** Concurrent first requests for a version share one compilation; a failed one is tried again next time. */
  private compileOnce(key: string, productId: string, version: number): Promise<CompiledModel> {
    let compiling = this.loading.get(key);
    if (!compiling) {
      compiling = this.stored(productId, version)
        .then(async (stored) => {
          const portable = await this.workers.compile(stored);
          // The document was validated when published, and stored as compileModel accepted it.
          const model = restoreModel(JSON.parse(stored.documentJson), portable);
          this.compiled.set(key, model);
          return model;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, compiling);
    }
    return compiling;
  }

  private async stored(productId: string, version: number): Promise<StoredVersion> {
    const rows: Array<{ document: string }> = await this.versions.query(
      `SELECT "document"::text AS "document" FROM "${this.unitOfWork.schema}"."model_versions" WHERE "product_id" = $1 AND "version" = $2`,
      [productId, version],
    );
    if (rows.length === 0) throw AppError.notFound(`Product ${productId} version ${version}`);
    return { productId, version, documentJson: rows[0].document };
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
