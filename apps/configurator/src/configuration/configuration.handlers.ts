import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfiguratorRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { ConfigurationService } from './configuration.service';

@Injectable()
export class ConfigurationHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly configurations: ConfigurationService,
  ) {}

  onModuleInit(): void {
    this.requests.handle(ConfiguratorRequests.configure, ({ productId, version, selections, complete }) =>
      this.configurations.configure(productId, version, selections, complete),
    );
    this.requests.handle(ConfiguratorRequests.validate, ({ productId, version, selections }) =>
      this.configurations.validate(productId, version, selections),
    );
    this.requests.handle(ConfiguratorRequests.explain, ({ productId, version, selections, option, value }) =>
      this.configurations.explain(productId, version, selections, option, value),
    );
    this.requests.handle(ConfiguratorRequests.priceLines, ({ lines }) => this.configurations.priceLines(lines));
  }
}
