import { Body, Controller, Get, Headers, Param, Post, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import { AppError, ConfiguratorRequests } from '@atelier/contracts';
import { RequestClient, UploadStore } from '@atelier/messaging';
import { z } from 'zod';
import { Allow, CorrelationId } from '../auth/principal';
import { AcceptBody } from '../http/body.guard';
import { idempotencyKeyOf } from '../http/idempotency-key';
import { validate } from '../http/validate';

const importQuery = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and -, at most 64'),
  name: z.string().min(1).max(200),
});

/** How each media type of a model document is published. */
const formats = {
  'application/json': 'native',
  'application/yaml': 'yaml',
  'text/yaml': 'yaml',
  'application/xml': 'xcsp',
  'text/xml': 'xcsp',
  'text/x-dimacs': 'dimacs',
} as const;

/**
 * Model documents may be large (an imported feature model, a catalog of options): up to 20 MB,
 * read only once the operator is recognised (BodyGuard runs after AuthGuard).
 */
export const MODEL_UPLOAD_BODY = { limitBytes: 20 * 1024 * 1024, mediaTypes: Object.keys(formats) };

/** A large imported model takes a while to compile and check. */
const PUBLISH_TIMEOUT_MS = 120_000;

/**
 * Publishing product models: the native document, or an import from XCSP 2.1 or DIMACS CNF.
 * Every document travels to the configurator through the uploads object store, since it may
 * be larger than one NATS message; the reference is all the request carries.
 */
@Controller('v1/admin/product-models')
@Allow('operator')
export class ProductModelsController {
  constructor(
    private readonly requests: RequestClient,
    private readonly uploads: UploadStore,
  ) {}

  /**
   * With an Idempotency-Key header, published once: a repeat with the same document answers the
   * version the first one published (even while the first is still being checked), another
   * document under the key 409.
   */
  @Post()
  @AcceptBody(MODEL_UPLOAD_BODY)
  publish(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @CorrelationId() correlationId: string,
  ) {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const format = formats[mediaType as keyof typeof formats];
    if (!format) {
      throw new UnsupportedMediaTypeException(
        'Send a model as application/json or application/yaml (native), application/xml (XCSP 2.1) or text/x-dimacs',
      );
    }
    const text = format === 'native' ? JSON.stringify(body ?? null) : typeof body === 'string' ? body : '';
    if (body === undefined || text.trim() === '') throw new AppError('VALIDATION_FAILED', `An empty ${format} document`);
    const options = { correlationId, timeoutMs: PUBLISH_TIMEOUT_MS };
    const once = idempotencyKeyOf(key);
    if (format === 'xcsp' || format === 'dimacs') {
      const { id, name } = validate(importQuery, query);
      return this.uploads.with(text, (upload) =>
        this.requests.request(ConfiguratorRequests.importModel, { format, upload, id, name, ...once }, options),
      );
    }
    const contract = format === 'yaml' ? ConfiguratorRequests.publishYaml : ConfiguratorRequests.publishModel;
    return this.uploads.with(text, (upload) => this.requests.request(contract, { upload, ...once }, options));
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
