import { Controller, Param } from '@nestjs/common';
import { RequestClient } from '@atelier/messaging';
import { CorrelationId } from '../auth/principal';
import { Input, Route, type InputOf } from '../http/route';
import { routes } from '../routes/routes';

/** Configuring products one choice at a time, for customers and the operator. */
@Controller()
export class ProductsController {
  constructor(private readonly requests: RequestClient) {}

  @Route(routes.listProducts)
  list(@CorrelationId() correlationId: string) {
    return this.requests.request(routes.listProducts.request, {}, { correlationId });
  }

  @Route(routes.getProduct)
  get(
    @Param('id') productId: string,
    @Input() { query }: InputOf<typeof routes.getProduct>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.getProduct.request, { productId, version: query.version }, { correlationId });
  }

  /** Is a configuration valid and complete? 200 either way; conflicts name the rules. */
  @Route(routes.validateConfiguration)
  validate(
    @Param('id') productId: string,
    @Input() { body }: InputOf<typeof routes.validateConfiguration>,
    @CorrelationId() correlationId: string,
  ) {
    const { selections, version } = body;
    return this.requests.request(routes.validateConfiguration.request, { productId, version, selections }, { correlationId });
  }

  /** Why is this value not possible? A minimal set of rules and selections that exclude it, or null when it is possible. */
  @Route(routes.explainValue)
  explain(
    @Param('id') productId: string,
    @Input() { body }: InputOf<typeof routes.explainValue>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.explainValue.request, { productId, ...body }, { correlationId });
  }

  /** Always 200 for a well-formed request, even when the selections conflict. */
  @Route(routes.configure)
  configure(
    @Param('id') productId: string,
    @Input() { body }: InputOf<typeof routes.configure>,
    @CorrelationId() correlationId: string,
  ) {
    return this.requests.request(routes.configure.request, { productId, ...body }, { correlationId });
  }
}
