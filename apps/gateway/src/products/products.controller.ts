import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ConfiguratorRequests, modelVersionSchema, selectionsSchema } from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { z } from 'zod';
import { Allow, CorrelationId } from '../auth/principal';
import { validate } from '../http/validate';

const versionQuery = z.object({ version: z.coerce.number().pipe(modelVersionSchema).optional() });
const explainBody = z.object({
  selections: selectionsSchema.default({}),
  version: modelVersionSchema.optional(),
  option: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]),
});
const configureBody = z.object({
  selections: selectionsSchema.default({}),
  version: modelVersionSchema.optional(),
  /** Also answer a complete valid configuration extending the selections, preferring defaults. */
  complete: z.boolean().optional(),
});

@Controller('v1/products')
@Allow('customer', 'operator')
export class ProductsController {
  constructor(private readonly requests: RequestClient) {}

  @Get()
  list(@CorrelationId() correlationId: string) {
    return this.requests.request(ConfiguratorRequests.listProducts, {}, { correlationId });
  }

  @Get(':id')
  get(@Param('id') productId: string, @Query() query: unknown, @CorrelationId() correlationId: string) {
    const { version } = validate(versionQuery, query);
    return this.requests.request(ConfiguratorRequests.getProduct, { productId, version }, { correlationId });
  }

  /** Is a configuration valid and complete? 200 either way; conflicts name the rules. */
  @Post(':id/validate')
  @HttpCode(200)
  validate(@Param('id') productId: string, @Body() body: unknown, @CorrelationId() correlationId: string) {
    const { selections, version } = validate(configureBody, body);
    return this.requests.request(ConfiguratorRequests.validate, { productId, version, selections }, { correlationId });
  }

  /** Why is this value not possible? A minimal set of rules and selections that exclude it, or null when it is possible. */
  @Post(':id/explain')
  @HttpCode(200)
  explain(@Param('id') productId: string, @Body() body: unknown, @CorrelationId() correlationId: string) {
    const { selections, version, option, value } = validate(explainBody, body);
    return this.requests.request(ConfiguratorRequests.explain, { productId, version, selections, option, value }, { correlationId });
  }

  /** Always 200 for a well-formed request, even when the selections conflict. */
  @Post(':id/configure')
  @HttpCode(200)
  configure(@Param('id') productId: string, @Body() body: unknown, @CorrelationId() correlationId: string) {
    const { selections, version, complete } = validate(configureBody, body);
    return this.requests.request(ConfiguratorRequests.configure, { productId, version, selections, complete }, { correlationId });
  }
}
