import { z } from 'zod';
import {
  bomLineSchema,
  idempotencyKeySchema,
  modelVersionSchema,
  moneySchema,
  routingOperationSchema,
  selectionsSchema,
  type Money,
} from './common';
import { defineEvent, defineRequest } from './define';

export const productSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  latestVersion: z.number().int(),
});
export type ProductSummary = z.infer<typeof productSummarySchema>;

const scalarValue = z.union([z.string(), z.number(), z.boolean()]);

export const optionViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  label: z.string(),
  /** Enumeration values, each plain or with a display label. */
  values: z
    .array(z.union([scalarValue, z.object({ value: z.union([z.string(), z.number()]), label: z.string().optional() })]))
    .optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  default: scalarValue.optional(),
  optional: z.boolean().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  pattern: z.string().optional(),
});
export type OptionView = z.infer<typeof optionViewSchema>;

export const productDetailSchema = productSummarySchema.extend({
  version: z.number().int(),
  currency: z.string(),
  options: z.array(optionViewSchema),
});
export type ProductDetail = z.infer<typeof productDetailSchema>;

/**
 * A numeric option's possible values: `ranges` ([low, high], both included) walked by `step`
 * (low, low + step, … high); when at most 20 values are possible, `values` lists them too.
 */
export const numericDomainViewSchema = z.object({
  ranges: z.array(z.tuple([z.number(), z.number()])),
  step: z.number(),
  values: z.array(z.number()).optional(),
});
export type NumericDomainView = z.infer<typeof numericDomainViewSchema>;

export const domainViewSchema = z.union([z.array(scalarValue), numericDomainViewSchema, z.object({ text: z.literal(true) })]);
export type DomainView = z.infer<typeof domainViewSchema>;

export const conflictViewSchema = z.object({ ruleIds: z.array(z.string()), options: z.array(z.string()), message: z.string() });
export type ConflictView = z.infer<typeof conflictViewSchema>;

export const configureReplySchema = z.object({
  productId: z.string(),
  version: z.number().int(),
  valid: z.boolean(),
  complete: z.boolean(),
  domains: z.record(z.string(), domainViewSchema),
  conflicts: z.array(conflictViewSchema),
  price: moneySchema.optional(),
  defaults: selectionsSchema,
  /** With `complete: true`: a complete valid configuration extending the selections, preferring defaults (null if none). */
  completion: selectionsSchema.nullable().optional(),
});
export type ConfigureReply = z.infer<typeof configureReplySchema>;

/** Is this configuration valid and complete? Conflicts name the rules. */
export const validateReplySchema = configureReplySchema.pick({
  productId: true,
  version: true,
  valid: true,
  complete: true,
  conflicts: true,
});
export type ValidateReply = z.infer<typeof validateReplySchema>;

/** Why a value is not possible: a minimal conflict, or null when the value is possible. */
export const explainReplySchema = z.object({
  productId: z.string(),
  version: z.number().int(),
  option: z.string(),
  value: scalarValue,
  conflict: conflictViewSchema.nullable(),
});
export type ExplainReply = z.infer<typeof explainReplySchema>;

export const quoteLineRequestSchema = z.object({
  productId: z.string().min(1),
  version: modelVersionSchema.optional(),
  selections: selectionsSchema,
  quantity: z.number().int().min(1).max(10_000),
});
export type QuoteLineRequest = z.infer<typeof quoteLineRequestSchema>;

/** One line priced and exploded against its pinned model version. */
export const pricedLineSchema = z.object({
  productId: z.string(),
  version: z.number().int(),
  selections: selectionsSchema,
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
  bom: z.array(bomLineSchema),
  routing: z.array(routingOperationSchema),
});
export type PricedLine = z.infer<typeof pricedLineSchema>;

export const publishedVersionSchema = z.object({
  productId: z.string(),
  name: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
});
export type PublishedVersion = z.infer<typeof publishedVersionSchema>;

/** The number of valid configurations of the latest version, as a decimal string (it can exceed 2^53). */
export const configurationCountSchema = z.object({ productId: z.string(), version: z.number().int(), count: z.string() });
export type ConfigurationCount = z.infer<typeof configurationCountSchema>;

/**
 * A model document the gateway stored in the uploads object store (@atelier/messaging `UploadStore`),
 * because a document may be far larger than one NATS message. The reader fetches it by name; the
 * bucket follows from the namespace, so the reference never names it.
 */
export const uploadReferenceSchema = z.object({ object: z.uuid() });
/** The uploads bucket, namespaced like a stream (`Namespace.stream(UPLOADS_BUCKET)`). */
export const UPLOADS_BUCKET = 'UPLOADS';
export type UploadReference = z.infer<typeof uploadReferenceSchema>;

/**
 * A model arrives either inline (small documents from other services and tests) or as an upload
 * reference (every HTTP upload, whatever its size): exactly one of the two.
 */
function oneSource<S extends z.ZodObject<{ upload: z.ZodOptional<typeof uploadReferenceSchema> }>>(inline: string, schema: S) {
  return schema.refine((request) => (request[inline as keyof typeof request] === undefined) !== (request.upload === undefined), {
    message: `Send exactly one of ${inline} and upload`,
    path: [inline],
  });
}

/** `?version=` of `GET /v1/products/{id}`: a published version, the latest without it. */
export const productVersionQuerySchema = z.object({ version: z.coerce.number().pipe(modelVersionSchema).optional() });

/** `POST /v1/products/{id}/configure` and `/validate`: the selections so far, against a pinned or the latest version. */
export const configureBodySchema = z.object({
  selections: selectionsSchema.default({}),
  version: modelVersionSchema.optional(),
  /** Also answer a complete valid configuration extending the selections, preferring defaults. */
  complete: z
    .boolean()
    .optional()
    .describe('also answer a complete valid configuration extending the selections, preferring defaults (configure only)'),
});

/** `POST /v1/products/{id}/explain`: why is `value` of `option` not possible with the selections? */
export const explainBodySchema = z.object({
  selections: selectionsSchema.default({}),
  version: modelVersionSchema.optional(),
  option: z.string().min(1),
  value: scalarValue,
});

/**
 * A published version as another service needs it to price on its own: the stored document as
 * JSON text and what compiling it found (the engine's PortableModel, its typed arrays in base64).
 * A version never changes, so a copy is good for ever. Null when the version is too large to
 * travel in one message; the holder then keeps asking the configurator to price it.
 */
export interface CompiledVersion {
  productId: string;
  version: number;
  documentJson: string;
  relations: string;
  feasibleAtStart: string;
}

export const ConfiguratorRequests = {
  listProducts: defineRequest<ProductSummary[]>()('configurator.products.list', z.object({})),
  getProduct: defineRequest<ProductDetail>()(
    'configurator.products.get',
    z.object({ productId: z.string(), version: modelVersionSchema.optional() }),
  ),
  configure: defineRequest<ConfigureReply>()(
    'configurator.configure',
    z.object({
      productId: z.string(),
      version: modelVersionSchema.optional(),
      selections: selectionsSchema,
      complete: z.boolean().optional(),
    }),
  ),
  /** Is this configuration valid and complete against the pinned (or latest) version? Conflicts name the rules. */
  validate: defineRequest<ValidateReply>()(
    'configurator.validate',
    z.object({ productId: z.string(), version: modelVersionSchema.optional(), selections: selectionsSchema }),
  ),
  /** Why a value is not possible with the selections: a minimal set of rules and selections excluding it (null when it is possible). */
  explain: defineRequest<ExplainReply>()(
    'configurator.explain',
    z.object({
      productId: z.string(),
      version: modelVersionSchema.optional(),
      selections: selectionsSchema,
      option: z.string().min(1),
      value: z.union([z.string(), z.number(), z.boolean()]),
    }),
  ),
  /** Validate, price and explode complete configurations; INVALID_CONFIGURATION (422) when one is not valid. */
  priceLines: defineRequest<{ lines: PricedLine[]; total: Money }>()(
    'configurator.lines.price',
    z.object({ lines: z.array(quoteLineRequestSchema).min(1).max(100) }),
  ),
  /** A pinned version compiled, for pricing elsewhere (null when it is too large for one message). */
  compiledVersion: defineRequest<CompiledVersion | null>()(
    'configurator.models.compiled',
    z.object({ productId: z.string().min(1), version: modelVersionSchema }),
  ),
  /** The native document as JSON: inline (`document`) or as an upload (its JSON text). */
  publishModel: defineRequest<PublishedVersion>()(
    'configurator.models.publish',
    oneSource(
      'document',
      z.object({
        document: z.unknown().optional(),
        upload: uploadReferenceSchema.optional(),
        idempotencyKey: idempotencyKeySchema.optional(),
      }),
    ),
  ),
  importModel: defineRequest<PublishedVersion>()(
    'configurator.models.import',
    oneSource(
      'content',
      z.object({
        format: z.enum(['xcsp', 'dimacs']),
        content: z.string().min(1).optional(),
        upload: uploadReferenceSchema.optional(),
        id: z.string().min(1),
        name: z.string().min(1),
        idempotencyKey: idempotencyKeySchema.optional(),
      }),
    ),
  ),
  /** The native document written as YAML. */
  publishYaml: defineRequest<PublishedVersion>()(
    'configurator.models.publish-yaml',
    oneSource(
      'content',
      z.object({
        content: z.string().min(1).optional(),
        upload: uploadReferenceSchema.optional(),
        idempotencyKey: idempotencyKeySchema.optional(),
      }),
    ),
  ),
  listVersions: defineRequest<PublishedVersion[]>()('configurator.models.versions', z.object({ productId: z.string() })),
  countConfigurations: defineRequest<ConfigurationCount>()('configurator.models.count', z.object({ productId: z.string() })),
};

export const ConfiguratorEvents = {
  modelPublished: defineEvent(
    'CONFIGURATOR',
    'configurator.events.model.published',
    1,
    z.object({ productId: z.string(), name: z.string(), version: z.number().int(), publishedAt: z.string() }),
  ),
};
