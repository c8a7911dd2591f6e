import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfiguratorRequests } from '@atelier/contracts';
import { modelSummary } from '@atelier/configurator-engine';
import { RequestServer } from '@atelier/messaging';
import { ConfigurationCounter } from './configuration-counter';
import { ModelCatalog } from './model-catalog.service';

/** NATS entry points of the model catalog: thin, each one call into the catalog. */
@Injectable()
export class ModelHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly catalog: ModelCatalog,
    private readonly counter: ConfigurationCounter,
  ) {}

  onModuleInit(): void {
    this.requests.handle(ConfiguratorRequests.listProducts, () => this.catalog.list());
    this.requests.handle(ConfiguratorRequests.getProduct, async ({ productId, version }) => {
      const loaded = await this.catalog.load(productId, version);
      const latest = version === undefined ? loaded.version : await this.catalog.latestVersionOf(productId);
      const summary = modelSummary(loaded.model);
      return { ...summary, id: loaded.productId, version: loaded.version, latestVersion: latest };
    });
    this.requests.handle(ConfiguratorRequests.publishModel, ({ document }, ctx) => this.catalog.publish(document, ctx));
    this.requests.handle(ConfiguratorRequests.importModel, ({ format, content, id, name }, ctx) =>
      this.catalog.import(format, content, { id, name }, ctx),
    );
    this.requests.handle(ConfiguratorRequests.publishYaml, ({ content }, ctx) => this.catalog.publishYaml(content, ctx));
    this.requests.handle(ConfiguratorRequests.listVersions, ({ productId }) => this.catalog.versionsOf(productId));
    this.requests.handle(ConfiguratorRequests.countConfigurations, ({ productId }) =>
      this.catalog.countOfLatest(productId, (loaded) => this.counter.count(loaded)),
    );
  }
}
