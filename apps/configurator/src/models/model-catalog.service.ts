import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AppError,
  ConfiguratorEvents,
  requestHash,
  type CompiledVersion,
  type ProductSummary,
  type PublishedVersion,
} from '@atelier/contracts';
import {
  checkDocumentLength,
  ModelLimitError,
  portableModelText,
  restoreModel,
  type CompiledModel,
  type PortableModel,
} from '@atelier/configurator-engine';
import { UnitOfWork, type Causation } from '@atelier/messaging';
import { Repository, type EntityManager } from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';
import type { CheckedModel, ModelSource } from './workers/model-tasks';
import { ModelWorkers, type StoredVersion } from './workers/model-workers.service';

/** An operator's Idempotency-Key and the fingerprint of the document sent with it. */
export interface PublishKey {
  key: string;
  requestHash: string;
}

/** The key of a publish, if the operator sent one: its fingerprint covers the format and everything sent. */
export function publishKeyOf(idempotencyKey: string | undefined, request: Record<string, unknown>): PublishKey | undefined {
  return idempotencyKey === undefined ? undefined : { key: idempotencyKey, requestHash: requestHash(request) };
}

export interface LoadedModel {
  productId: string;
  version: number;
  model: CompiledModel;
}

/** How long the catalog trusts what it read of the product list and latest versions. */
const CATALOG_CACHE_MS = 2_000;

/**
 * The most a compiled version may weigh to be handed to another service: well inside one NATS
 * message (1 MB by default) with room for the envelope. The Renault model weighs about 460 KB.
 */
const COMPILED_VERSION_MAX_CHARS = 768 * 1024;

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
  /** Each version compiled, with what the worker found compiling it (for compiledVersion; a tenth of the model's heap). */
  private readonly compiled = new Map<string, { model: CompiledModel; portable: PortableModel }>();
  private readonly loading = new Map<string, Promise<{ model: CompiledModel; portable: PortableModel }>>();
  /**
   * What the catalog read lately: the product list and each product's latest version, kept for
   * CATALOG_CACHE_MS (a version published on another replica shows here that much later at
   * most; one published here, at once). Every configure, price and list used to ask the database.
   */
  private listed: { at: number; products: ProductSummary[] } | null = null;
  private readonly latest = new Map<string, { at: number; version: number }>();

  constructor(
    @InjectRepository(ModelVersionEntity) private readonly versions: Repository<ModelVersionEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly workers: ModelWorkers,
  ) {}

  /**
   * Publishes a native document. With a key, publishes once: a repeat answers the version the
   * key published (see publishOnce).
   */
  async publish(document: unknown, causation: Causation, key?: PublishKey): Promise<PublishedVersion> {
    return this.publishOnce(key, () => this.workers.check({ format: 'native', document }), causation);
  }

  async import(
    format: 'xcsp' | 'dimacs',
    content: string,
    meta: { id: string; name: string },
    causation: Causation,
    key?: PublishKey,
  ) {
    return this.publishOnce(key, () => this.check({ format, content, meta }), causation);
  }

  async publishYaml(content: string, causation: Causation, key?: PublishKey): Promise<PublishedVersion> {
    return this.publishOnce(key, () => this.check({ format: 'yaml', content }), causation);
  }

  /**
   * A publish under an Idempotency-Key. Checking takes seconds on a worker, so no lock is held
   * across it: a key already used answers at once (its version, or CONFLICT for another
   * document); otherwise the document is checked, and the version and the key are stored in one
   * transaction under the key's lock, where a repeat that was checked at the same time finds
   * the first one's version instead of publishing another.
   */
  private async publishOnce(
    key: PublishKey | undefined,
    check: () => Promise<CheckedModel>,
    causation: Causation,
  ): Promise<PublishedVersion> {
    if (key) {
      const known = await this.publishedUnder(this.versions.manager, key);
      if (known) return known;
    }
    return this.store(await check(), causation, key);
  }

  private async check(source: Extract<ModelSource, { content: string }>): Promise<CheckedModel> {
    try {
      // Measured here, so an oversized text is not even copied to a worker.
      checkDocumentLength(source.content);
    } catch (error) {
      if (!(error instanceof ModelLimitError)) throw error;
      throw new AppError('INVALID_MODEL', `The ${source.format.toUpperCase()} document is too large: ${error.message}`, {
        limit: error.limit,
      });
    }
    return this.workers.check(source);
  }

  /** The version a key published, or undefined if it published none; CONFLICT if it came with another document. */
  private async publishedUnder(manager: EntityManager, key: PublishKey): Promise<PublishedVersion | undefined> {
    const [known]: Array<{ request_hash: string; product_id: string; version: number }> = await manager.query(
      `SELECT "request_hash", "product_id", "version" FROM "${this.unitOfWork.schema}"."publish_keys" WHERE "key" = $1`,
      [key.key],
    );
    if (!known) return undefined;
    if (known.request_hash !== key.requestHash) {
      throw new AppError(
        'CONFLICT',
        'This Idempotency-Key was used with another model document; use a new key for another publish',
      );
    }
    const version = await manager.findOneOrFail(ModelVersionEntity, {
      where: { productId: known.product_id, version: known.version },
      select: { productId: true, version: true, name: true, publishedAt: true },
    });
    return toPublished(version);
  }

  private store(checked: CheckedModel, causation: Causation, key?: PublishKey): Promise<PublishedVersion> {
    // PostgreSQL cannot store the NUL character; a YAML or XCSP text can smuggle one in as an escape.
    if (checked.documentJson.includes('\\u0000')) {
      throw new AppError('INVALID_MODEL', 'The model contains the NUL character (\\u0000), which no name or value may hold');
    }
    const table = `"${this.unitOfWork.schema}"."model_versions"`;
    return this.unitOfWork.run(causation, async (tx) => {
      if (key) {
        await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`publish-key:${key.key}`]);
        const known = await this.publishedUnder(tx.manager, key);
        if (known) return known;
      }
      // Serialize publishers of one model so versions are gap-free and never collide.
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`model:${checked.id}`]);
      const [{ latest }] = await tx.manager.query(
        `SELECT COALESCE(MAX("version"), 0) AS latest FROM ${table} WHERE "product_id" = $1`,
        [checked.id],
      );
      const published: PublishedVersion = {
        productId: checked.id,
        name: checked.name,
        version: Number(latest) + 1,
        publishedAt: new Date().toISOString(),
      };
      await tx.manager.query(
        `INSERT INTO ${table} ("product_id", "version", "name", "description", "document", "configuration_count", "published_at")
         VALUES ($1, $2, $3, $4, $5::jsonb, NULL, $6)`,
        [
          published.productId,
          published.version,
          published.name,
          checked.description,
          checked.documentJson,
          published.publishedAt,
        ],
      );
      if (key) {
        await tx.manager.query(
          `INSERT INTO "${this.unitOfWork.schema}"."publish_keys" ("key", "request_hash", "product_id", "version") VALUES ($1, $2, $3, $4)`,
          [key.key, key.requestHash, published.productId, published.version],
        );
      }
      await tx.publish(ConfiguratorEvents.modelPublished, {
        aggregateId: published.productId,
        aggregateVersion: published.version,
        data: published,
      });
      tx.afterCommit(() => this.forgetCatalog());
      return published;
    });
  }

  async list(): Promise<ProductSummary[]> {
    if (this.listed && Date.now() - this.listed.at < CATALOG_CACHE_MS) return this.listed.products;
    const at = Date.now();
    const rows: Array<{ product_id: string; version: number; name: string; description: string | null }> =
      await this.versions.query(
        `SELECT DISTINCT ON ("product_id") "product_id", "version", "name", "description"
         FROM "${this.unitOfWork.schema}"."model_versions" ORDER BY "product_id", "version" DESC`,
      );
    const products = rows.map((r) => ({
      id: r.product_id,
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      latestVersion: r.version,
    }));
    this.listed = { at, products };
    return products;
  }

  private forgetCatalog(): void {
    this.listed = null;
    this.latest.clear();
  }

  async latestVersionOf(productId: string): Promise<number> {
    const latest = await this.versions.maximum('version', { productId });
    if (latest === null) throw AppError.notFound(`Product ${productId}`);
    return latest;
  }

  async versionsOf(productId: string): Promise<PublishedVersion[]> {
    // Not the documents: they can be large, and parsing them would hold up this thread.
    const rows = await this.versions.find({
      where: { productId },
      order: { version: 'ASC' },
      select: { productId: true, version: true, name: true, publishedAt: true },
    });
    if (rows.length === 0) throw AppError.notFound(`Product ${productId}`);
    return rows.map(toPublished);
  }

  /** The number of valid configurations of the latest version, counted once per version and kept. */
  async countOfLatest(
    productId: string,
    count: (stored: StoredVersion) => Promise<string>,
  ): Promise<{ productId: string; version: number; count: string }> {
    const latest = await this.versions.findOne({
      where: { productId },
      order: { version: 'DESC' },
      select: { productId: true, version: true, configurationCount: true },
    });
    if (!latest) throw AppError.notFound(`Product ${productId}`);
    const { version } = latest;
    if (latest.configurationCount) return { productId, version, count: latest.configurationCount };
    const counted = await count(await this.stored(productId, version));
    await this.versions.update({ productId, version }, { configurationCount: counted });
    return { productId, version, count: counted };
  }

  /** The pinned version, or the latest when none is asked for. */
  async load(productId: string, version?: number): Promise<LoadedModel> {
    const known = version ?? this.cachedLatest(productId);
    // A published version never changes: once compiled here, it needs no database at all.
    const ready = known !== undefined ? this.compiled.get(`${productId}@${known}`) : undefined;
    if (ready) return { productId, version: known!, model: ready.model };
    const at = Date.now();
    const entity = await this.versions.findOne({
      where: version ? { productId, version } : { productId },
      order: { version: 'DESC' },
      select: { productId: true, version: true },
    });
    if (!entity) throw AppError.notFound(version ? `Product ${productId} version ${version}` : `Product ${productId}`);
    if (version === undefined) this.latest.set(productId, { at, version: entity.version });
    const key = `${entity.productId}@${entity.version}`;
    const { model } = this.compiled.get(key) ?? (await this.compileOnce(key, entity.productId, entity.version));
    return { productId: entity.productId, version: entity.version, model };
  }

  /**
   * A version compiled for another service to price with (orders): its stored document and what
   * compiling it here found (kept beside the compiled model: a tenth of its weight). Null when
   * the two together would not fit one message.
   */
  async compiledVersion(productId: string, version: number): Promise<CompiledVersion | null> {
    const stored = await this.stored(productId, version);
    if (stored.documentJson.length > COMPILED_VERSION_MAX_CHARS) return null;
    const key = `${productId}@${version}`;
    const { portable } = this.compiled.get(key) ?? (await this.compileOnce(key, productId, version));
    const compiled = { productId, version, documentJson: stored.documentJson, ...portableModelText(portable) };
    const size = compiled.documentJson.length + compiled.relations.length + compiled.feasibleAtStart.length;
    return size > COMPILED_VERSION_MAX_CHARS ? null : compiled;
  }

  private cachedLatest(productId: string): number | undefined {
    const latest = this.latest.get(productId);
    return latest && Date.now() - latest.at < CATALOG_CACHE_MS ? latest.version : undefined;
  }

  /** Concurrent first requests for a version share one compilation; a failed one is tried again next time. */
  private compileOnce(
    key: string,
    productId: string,
    version: number,
  ): Promise<{ model: CompiledModel; portable: PortableModel }> {
    let compiling = this.loading.get(key);
    if (!compiling) {
      compiling = this.stored(productId, version)
        .then(async (stored) => {
          const portable = await this.workers.compile(stored);
          // The document was validated when published, and stored as compileModel accepted it.
          const model = restoreModel(JSON.parse(stored.documentJson), portable);
          const compiled = { model, portable };
          this.compiled.set(key, compiled);
          return compiled;
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
