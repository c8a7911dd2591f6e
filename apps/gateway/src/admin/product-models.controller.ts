import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { AppError, ConfiguratorRequests } from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { z } from 'zod';
import { Allow, CorrelationId } from '../auth/principal';
import { validate } from '../http/validate';

const importQuery = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and -, at most 64'),
  name: z.string().min(1).max(200),
});

/** Publishing product models: the native document, or an import from XCSP 2.1 or DIMACS CNF. */
@Controller('v1/admin/product-models')
@Allow('operator')
export class ProductModelsController {
  constructor(private readonly requests: RequestClient) {}

  @Post()
  publish(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: unknown,
    @CorrelationId() correlationId: string,
  ) {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const format = mediaType === 'application/xml' || mediaType === 'text/xml' ? 'xcsp' : mediaType === 'text/x-dimacs' ? 'dimacs' : null;
    const timeoutMs = 120_000; // a large imported model takes a while to compile and check
    if (format) {
      if (typeof body !== 'string' || body.trim() === '') throw new AppError('VALIDATION_FAILED', `An empty ${format} document`);
      const { id, name } = validate(importQuery, query);
      return this.requests.request(ConfiguratorRequests.importModel, { format, content: body, id, name }, { correlationId, timeoutMs });
    }
    if (mediaType === 'application/yaml' || mediaType === 'text/yaml') {
      if (typeof body !== 'string' || body.trim() === '') throw new AppError('VALIDATION_FAILED', 'An empty YAML document');
      return this.requests.request(ConfiguratorRequests.publishYaml, { content: body }, { correlationId, timeoutMs });
    }
    if (mediaType !== 'application/json') {
      throw new AppError(
        'VALIDATION_FAILED',
        'Send a model as application/json or application/yaml (native), application/xml (XCSP 2.1) or text/x-dimacs',
      );
    }
    return this.requests.request(ConfiguratorRequests.publishModel, { document: body }, { correlationId, timeoutMs });
  }

  @Get(':id/versions')
  versions(@Param('id') productId: string, @CorrelationId() correlationId: string) {
    return this.requests.request(ConfiguratorRequests.listVersions, { productId }, { correlationId });
  }

  /** The number of valid configurations of the latest version, as a decimal string (it can exceed 2^53). */
  @Get(':id/count')
  count(@Param('id') productId: string, @CorrelationId() correlationId: string) {
    return this.requests.request(ConfiguratorRequests.countConfigurations, { productId }, { correlationId, timeoutMs: 120_000 });
  }
}
