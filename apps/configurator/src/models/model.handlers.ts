import { Controller, Inject } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { AppError, ConfiguratorRequests, type ReplyOf, type RequestOf, type UploadReference } from '@atelier/contracts';
import { modelSummary } from '@atelier/configurator-engine';
import {
  Handles,
  MESSAGING_OPTIONS,
  NATS_CONNECTION,
  UploadStore,
  type MessagingOptions,
  type RequestContext,
} from '@atelier/messaging';
import { ConfigurationCounter } from './configuration-counter';
import { ModelCatalog, publishKeyOf } from './model-catalog.service';

const { listProducts, getProduct, compiledVersion, publishModel, importModel, publishYaml, listVersions, countConfigurations } =
  ConfiguratorRequests;

/**
 * NATS entry points of the model catalog: thin, each one call into the catalog. A model arrives
 * inline or, from the gateway, as an upload too large for a NATS message, read here from the
 * object store (the gateway deletes it once answered).
 */
@Controller()
export class ModelHandlers {
  private readonly uploads: UploadStore;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly counter: ConfigurationCounter,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
  ) {
    this.uploads = new UploadStore(nc, messaging);
  }

  @Handles(listProducts)
  listProducts(): Promise<ReplyOf<typeof listProducts>> {
    return this.catalog.list();
  }

  @Handles(getProduct)
  async getProduct({ productId, version }: RequestOf<typeof getProduct>): Promise<ReplyOf<typeof getProduct>> {
    const loaded = await this.catalog.load(productId, version);
    const latest = version === undefined ? loaded.version : await this.catalog.latestVersionOf(productId);
    const summary = modelSummary(loaded.model);
    return { ...summary, id: loaded.productId, version: loaded.version, latestVersion: latest };
  }

  @Handles(compiledVersion)
  compiledVersion({ productId, version }: RequestOf<typeof compiledVersion>): Promise<ReplyOf<typeof compiledVersion>> {
    return this.catalog.compiledVersion(productId, version);
  }

  @Handles(publishModel)
  async publishModel(
    { document, upload, idempotencyKey }: RequestOf<typeof publishModel>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof publishModel>> {
    const model = upload ? parseJsonDocument(await this.uploads.read(upload)) : document;
    return this.catalog.publish(model, ctx, publishKeyOf(idempotencyKey, { format: 'native', document: model }));
  }

  @Handles(importModel)
  async importModel(
    { format, content, upload, id, name, idempotencyKey }: RequestOf<typeof importModel>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof importModel>> {
    const text = await this.textOf(content, upload);
    return this.catalog.import(
      format,
      text,
      { id, name },
      ctx,
      publishKeyOf(idempotencyKey, { format, content: text, id, name }),
    );
  }

  @Handles(publishYaml)
  async publishYaml(
    { content, upload, idempotencyKey }: RequestOf<typeof publishYaml>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof publishYaml>> {
    const text = await this.textOf(content, upload);
    return this.catalog.publishYaml(text, ctx, publishKeyOf(idempotencyKey, { format: 'yaml', content: text }));
  }

  @Handles(listVersions)
  listVersions({ productId }: RequestOf<typeof listVersions>): Promise<ReplyOf<typeof listVersions>> {
    return this.catalog.versionsOf(productId);
  }

  @Handles(countConfigurations)
  countConfigurations({ productId }: RequestOf<typeof countConfigurations>): Promise<ReplyOf<typeof countConfigurations>> {
    return this.catalog.countOfLatest(productId, (loaded) => this.counter.count(loaded));
  }

  /** The contract admits exactly one of the two. */
  private async textOf(content: string | undefined, upload: UploadReference | undefined): Promise<string> {
    return upload ? this.uploads.read(upload) : content!;
  }
}

function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_MODEL', `The JSON document could not be read: ${(error as Error).message}`);
  }
}
