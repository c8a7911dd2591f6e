import { z } from 'zod';
import { bomLineSchema, idempotencyKeySchema, modelVersionSchema, moneySchema, routingOperationSchema, selectionsSchema, type BomLine, type Money, type RoutingOperation, type Selections } from './common';
import { defineEvent, defineRequest } from './define';

export interface ProductSummary {
  id: string;
  name: string;
  description?: string;
  latestVersion: number;
}

export interface OptionView {
  id: string;
  type: string;
  label: string;
  /** Enumeration values, each plain or with a display label. */
  values?: Array<string | number | boolean | { value: string | number; label?: string }>;
  min?: number;
  max?: number;
  step?: number;
  default?: string | number | boolean;
  optional?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface ProductDetail extends ProductSummary {
  version: number;
  currency: string;
  options: OptionView[];
}

/**
 * A numeric option's possible values: `ranges` ([low, high], both included) walked by `step`
 * (low, low + step, … high); when at most 20 values are possible, `values` lists them too.
 */
export interface NumericDomainView {
  ranges: Array<[number, number]>;
  step: number;
  values?: number[];
}

export type DomainView = Array<string | number | boolean> | NumericDomainView | { text: true };

export interface ConflictView {
  ruleIds: string[];
  options: string[];
  message: string;
}

export interface ConfigureReply {
  productId: string;
  version: number;
  valid: boolean;
  complete: boolean;
  domains: Record<string, DomainView>;
  conflicts: ConflictView[];
  price?: Money;
  defaults: Selections;
  /** With `complete: true`: a complete valid configuration extending the selections, preferring defaults (null if none). */
  completion?: Selections | null;
}

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
export interface PricedLine {
  productId: string;
  version: number;
  selections: Selections;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  bom: BomLine[];
  routing: RoutingOperation[];
}

export interface PublishedVersion {
  productId: string;
  name: string;
  version: number;
  publishedAt: string;
}

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
  validate: defineRequest<{ productId: string; version: number; valid: boolean; complete: boolean; conflicts: ConflictView[] }>()(
    'configurator.validate',
    z.object({ productId: z.string(), version: modelVersionSchema.optional(), selections: selectionsSchema }),
  ),
  /** Why a value is not possible with the selections: a minimal set of rules and selections excluding it (null when it is possible). */
  explain: defineRequest<{ productId: string; version: number; option: string; value: string | number | boolean; conflict: ConflictView | null }>()(
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
  /** The native document as JSON: inline (`document`) or as an upload (its JSON text). */
  publishModel: defineRequest<PublishedVersion>()(
    'configurator.models.publish',
    oneSource('document', z.object({ document: z.unknown().optional(), upload: uploadReferenceSchema.optional(), idempotencyKey: idempotencyKeySchema.optional() })),
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
    oneSource('content', z.object({ content: z.string().min(1).optional(), upload: uploadReferenceSchema.optional(), idempotencyKey: idempotencyKeySchema.optional() })),
  ),
  listVersions: defineRequest<PublishedVersion[]>()('configurator.models.versions', z.object({ productId: z.string() })),
  countConfigurations: defineRequest<{ productId: string; version: number; count: string }>()(
    'configurator.models.count',
    z.object({ productId: z.string() }),
  ),
};

export const ConfiguratorEvents = {
  modelPublished: defineEvent(
    'CONFIGURATOR',
    'configurator.events.model.published',
    1,
    z.object({ productId: z.string(), name: z.string(), version: z.number().int(), publishedAt: z.string() }),
  ),
};
