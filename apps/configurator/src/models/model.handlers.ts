import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { AppError, ConfiguratorRequests, type UploadReference } from '@atelier/contracts';
import { modelSummary } from '@atelier/configurator-engine';
import { MESSAGING_OPTIONS, NATS_CONNECTION, RequestServer, UploadStore, type MessagingOptions } from '@atelier/messaging';
import { ConfigurationCounter } from './configuration-counter';
import { ModelCatalog, publishKeyOf } from './model-catalog.service';

/**
 * NATS entry points of the model catalog: thin, each one call into the catalog. A model arrives
 * inline or, from the gateway, as an upload too large for a NATS message, read here from the
 * object store (the gateway deletes it once answered).
 */
@Injectable()
export class ModelHandlers implements OnModuleInit {
  private readonly uploads: UploadStore;

  constructor(
    private readonly requests: RequestServer,
    private readonly catalog: ModelCatalog,
    private readonly counter: ConfigurationCounter,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
  ) {
    this.uploads = new UploadStore(nc, messaging);
  }

  onModuleInit(): void {
    this.requests.handle(ConfiguratorRequests.listProducts, () => this.catalog.list());
    this.requests.handle(ConfiguratorRequests.getProduct, async ({ productId, version }) => {
      const loaded = await this.catalog.load(productId, version);
      const latest = version === undefined ? loaded.version : await this.catalog.latestVersionOf(productId);
      const summary = modelSummary(loaded.model);
      return { ...summary, id: loaded.productId, version: loaded.version, latestVersion: latest };
    });
    this.requests.handle(ConfiguratorRequests.publishModel, async ({ document, upload, idempotencyKey }, ctx) => {
      const model = upload ? parseJsonDocument(await this.uploads.read(upload)) : document;
      return this.catalog.publish(model, ctx, publishKeyOf(idempotencyKey, { format: 'native', document: model }));
    });
    this.requests.handle(ConfiguratorRequests.importModel, async ({ format, content, upload, id, name, idempotencyKey }, ctx) => {
      const text = await this.textOf(content, upload);
      return this.catalog.import(format, text, { id, name }, ctx, publishKeyOf(idempotencyKey, { format, content: text, id, name }));
    });
    this.requests.handle(ConfiguratorRequests.publishYaml, async ({ content, upload, idempotencyKey }, ctx) => {
      const text = await this.textOf(content, upload);
      return this.catalog.publishYaml(text, ctx, publishKeyOf(idempotencyKey, { format: 'yaml', content: text }));
    });
    this.requests.handle(ConfiguratorRequests.listVersions, ({ productId }) => this.catalog.versionsOf(productId));
    this.requests.handle(ConfiguratorRequests.countConfigurations, ({ productId }) =>
      this.catalog.countOfLatest(productId, (loaded) => this.counter.count(loaded)),
    );
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
