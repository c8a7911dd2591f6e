import { Body, Controller, Headers, Param, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import { AppError, ConfiguratorRequests } from '@atelier/contracts';
import { RequestClient, UploadStore } from '@atelier/messaging';
import { CorrelationId } from '../auth/principal';
import { Input, Route, type InputOf } from '../http/route';
import { validate } from '../http/validate';
import { routes } from '../routes/routes';
import { modelFormats } from './model-formats';

/** A large imported model takes a while to compile and check. */
const PUBLISH_TIMEOUT_MS = 120_000;

/** What an import needs besides its document: the product's id and name. */
const importQuery = routes.publishModel.query.required();

/**
 * Publishing product models: the native document, or an import from XCSP 2.1 or DIMACS CNF.
 * Every document travels to the configurator through the uploads object store, since it may
 * be larger than one NATS message; the reference is all the request carries.
 */
@Controller()
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
  @Route(routes.publishModel)
  publish(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: unknown,
    @Input() { idempotencyKey }: InputOf<typeof routes.publishModel>,
    @CorrelationId() correlationId: string,
  ) {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const format = modelFormats[mediaType as keyof typeof modelFormats];
    if (!format) {
      throw new UnsupportedMediaTypeException(
        'Send a model as application/json or application/yaml (native), application/xml (XCSP 2.1) or text/x-dimacs',
      );
    }
    const text = format === 'native' ? JSON.stringify(body ?? null) : typeof body === 'string' ? body : '';
    if (body === undefined || text.trim() === '') throw new AppError('VALIDATION_FAILED', `An empty ${format} document`);
    const options = { correlationId, timeoutMs: PUBLISH_TIMEOUT_MS };
    const once = idempotencyKey === undefined ? {} : { idempotencyKey };
    if (format === 'xcsp' || format === 'dimacs') {
      const { id, name } = validate(importQuery, query);
      return this.uploads.with(text, (upload) =>
        this.requests.request(ConfiguratorRequests.importModel, { format, upload, id, name, ...once }, options),
      );
    }
    const contract = format === 'yaml' ? ConfiguratorRequests.publishYaml : ConfiguratorRequests.publishModel;
    return this.uploads.with(text, (upload) => this.requests.request(contract, { upload, ...once }, options));
  }

  @Route(routes.listModelVersions)
  versions(@Param('id') productId: string, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.listModelVersions.request, { productId }, { correlationId });
  }

  /** The number of valid configurations of the latest version, as a decimal string (it can exceed 2^53). */
  @Route(routes.countConfigurations)
  count(@Param('id') productId: string, @CorrelationId() correlationId: string) {
    return this.requests.request(routes.countConfigurations.request, { productId }, { correlationId, timeoutMs: 120_000 });
  }
}
