import { Controller } from '@nestjs/common';
import { ConfiguratorRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles } from '@atelier/messaging';
import { ConfigurationService } from './configuration.service';

const { configure, validate, explain, priceLines } = ConfiguratorRequests;

/** NATS entry points of configuring: thin, each one call into the service. */
@Controller()
export class ConfigurationHandlers {
  constructor(private readonly configurations: ConfigurationService) {}

  @Handles(configure)
  configure({ productId, version, selections, complete }: RequestOf<typeof configure>): Promise<ReplyOf<typeof configure>> {
    return this.configurations.configure(productId, version, selections, complete);
  }

  @Handles(validate)
  validate({ productId, version, selections }: RequestOf<typeof validate>): Promise<ReplyOf<typeof validate>> {
    return this.configurations.validate(productId, version, selections);
  }

  @Handles(explain)
  explain({ productId, version, selections, option, value }: RequestOf<typeof explain>): Promise<ReplyOf<typeof explain>> {
    return this.configurations.explain(productId, version, selections, option, value);
  }

  @Handles(priceLines)
  priceLines({ lines }: RequestOf<typeof priceLines>): Promise<ReplyOf<typeof priceLines>> {
    return this.configurations.priceLines(lines);
  }
}
