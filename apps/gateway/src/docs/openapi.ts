import {
  calendarSchema,
  deadLetterQuerySchema,
  factoryBodySchema,
  jobActionSchema,
  MAX_EMBEDDED_FACTORIES,
  orderListQuerySchema,
  pageQuerySchema,
  placeOrderBodySchema,
  quoteBodySchema,
  scheduleQuerySchema,
  adminOrderListQuerySchema,
  selectionsSchema,
  supplierJobsQuerySchema,
  transferTimesSchema,
} from '@atelier/contracts';
import { z } from 'zod';
import { MODEL_UPLOAD_BODY } from '../admin/product-models.controller';
import { JSON_BODY } from '../http/body.guard';
import { describeBytes, MAX_JSON_DEPTH } from '../http/read-body';

type Operation = { summary: string; body?: z.ZodType; query?: z.ZodObject; bodyType?: string; roles: string; status?: string };

const paged = 'A page { items, nextCursor }: follow nextCursor until null.';

/** The public HTTP contract of API.md, as an OpenAPI 3.1 document built from the same zod schemas the gateway validates with. */
const routes: Record<string, Record<string, Operation>> = {
  '/v1/products': { get: { summary: 'Published product models', roles: 'customer, operator' } },
  '/v1/products/{id}': { get: { summary: "One model's options at its latest or ?version=", roles: 'customer, operator' } },
  '/v1/products/{id}/configure': {
    post: {
      summary: 'Valid domains, conflicts, price and defaults for the selections (always 200 when well-formed)',
      body: z.object({ selections: selectionsSchema, version: z.number().int().optional() }),
      roles: 'customer, operator',
    },
  },
  '/v1/products/{id}/validate': {
    post: {
      summary: 'Is the configuration valid and complete (conflicts name the rules)',
      body: z.object({ selections: selectionsSchema, version: z.number().int().optional() }),
      roles: 'customer, operator',
    },
  },
  '/v1/products/{id}/explain': {
    post: {
      summary: 'Why a value is not possible: the minimal set of rules and selections excluding it (null when possible)',
      body: z.object({ selections: selectionsSchema, option: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
      roles: 'customer, operator',
    },
  },
  '/v1/quotes': { post: { summary: 'Price, BOM summary and promised date of lines', body: quoteBodySchema, roles: 'customer' } },
  '/v1/orders': {
    post: { summary: 'Place an order (Idempotency-Key header required)', body: placeOrderBodySchema, roles: 'customer', status: '201' },
    get: { summary: `The customer's orders, newest first, as summaries (no lines or timeline). ${paged}`, query: orderListQuerySchema, roles: 'customer' },
  },
  '/v1/orders/{id}': { get: { summary: 'Status, lines, totals, promised date, progress, timeline', roles: 'customer, operator' } },
  '/v1/orders/{id}/cancel': { post: { summary: 'Cancel before production starts (409 after)', roles: 'customer' } },
  '/v1/supplier/jobs': {
    get: { summary: `The supplier's jobs, newest first, without configuration and BOM. ${paged}`, query: supplierJobsQuerySchema, roles: 'supplier' },
  },
  '/v1/supplier/jobs/{id}': { get: { summary: 'A job with its full specification', roles: 'supplier' } },
  '/v1/supplier/jobs/{id}/{action}': {
    post: { summary: 'accept | reject | start | progress | delay | complete', body: jobActionSchema, roles: 'supplier' },
  },
  '/v1/supplier/shipments': { post: { summary: 'Shipping notice for completed last operations', roles: 'supplier', status: '201' } },
  '/v1/supplier/factories': {
    get: { summary: `The supplier's factories, oldest first, with capabilities (the calendar is in each factory). ${paged}`, query: pageQuerySchema, roles: 'supplier' },
  },
  '/v1/supplier/factories/{id}': { get: { summary: 'One factory with its calendar and closures', roles: 'supplier' } },
  '/v1/supplier/factories/{id}/calendar': {
    put: { summary: "Replace a factory's working calendar and closures", body: calendarSchema, roles: 'supplier' },
  },
  '/v1/admin/product-models': {
    post: {
      summary: `Publish a model version (application/json or application/yaml), or import XCSP 2.1 (application/xml) or DIMACS CNF (text/x-dimacs) with ?id=&name=; up to ${describeBytes(MODEL_UPLOAD_BODY.limitBytes)}. With an Idempotency-Key header, published once: a repeat with the same document answers the same version, another document 409`,
      roles: 'operator',
      status: '201',
    },
  },
  '/v1/admin/product-models/{id}/versions': { get: { summary: 'Versions of a model', roles: 'operator' } },
  '/v1/admin/product-models/{id}/count': { get: { summary: 'Number of valid configurations (decimal string)', roles: 'operator' } },
  '/v1/admin/suppliers': {
    post: { summary: 'Onboard a supplier; its token is shown once. With an Idempotency-Key header, created once: a repeat with the same body answers the same supplier with a new token (the unseen one is revoked), another body 409', body: z.object({ name: z.string() }), roles: 'operator', status: '201' },
    get: {
      summary: `Suppliers, oldest first, each with factoryCount and its first ${MAX_EMBEDDED_FACTORIES} factories with their capabilities. ${paged}`,
      query: pageQuerySchema,
      roles: 'operator',
    },
  },
  '/v1/admin/suppliers/{id}/factories': {
    post: { summary: 'Add a factory. With an Idempotency-Key header, added once per supplier: a repeat answers the same factory, another body 409', body: factoryBodySchema, roles: 'operator', status: '201' },
    get: { summary: `All of a supplier's factories, oldest first, with capabilities. ${paged}`, query: pageQuerySchema, roles: 'operator' },
  },
  '/v1/admin/suppliers/{id}/tokens': { post: { summary: 'Issue another supplier token (shown once)', roles: 'operator', status: '201' } },
  '/v1/admin/tokens/{tokenId}': { delete: { summary: 'Revoke a token', roles: 'operator' } },
  '/v1/admin/customers': {
    post: { summary: 'A customer and its token (shown once). With an Idempotency-Key header, created once, as for suppliers', body: z.object({ name: z.string() }), roles: 'operator', status: '201' },
  },
  '/v1/admin/transfer-times': {
    get: { summary: 'Transfer times between factories: the default and the pairs that differ', roles: 'operator' },
    put: {
      summary: 'Replace the transfer-time matrix (minutes, at most 60 days; a pair counts both ways unless its reverse is given); non-firm work moves',
      body: transferTimesSchema,
      roles: 'operator',
    },
  },
  '/v1/admin/schedule': {
    get: {
      summary: `The plan: operations by factory, capability, work centre and start; open work unless ?status= asks for one status. ${paged}`,
      query: scheduleQuerySchema,
      roles: 'operator',
    },
  },
  '/v1/admin/orders': {
    get: {
      summary:
        `Every customer's orders, newest first, each with \`stuck\` (since when and why) or null; ?stuck=true lists only orders that ` +
        `sit in a non-final status longer than they should (docs/RELIABILITY.md). ${paged}`,
      query: adminOrderListQuerySchema,
      roles: 'operator',
    },
  },
  '/v1/admin/dead-letters': { get: { summary: `What failed and why, newest first. ${paged}`, query: deadLetterQuerySchema, roles: 'operator' } },
  '/v1/admin/dead-letters/{id}/replay': { post: { summary: 'Replay a dead letter', roles: 'operator' } },
};

/** The query parameters of a route, from the schema the gateway validates them with. */
function queryParameters(schema: z.ZodObject): object[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, operations] of Object.entries(routes)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(operations)) {
      paths[path][method] = {
        summary: op.summary,
        description: `Allowed: ${op.roles}. Errors: { error: { code, message, details } }.`,
        security: [{ bearer: [] }],
        ...(op.query ? { parameters: queryParameters(op.query) } : {}),
        ...(op.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { unrepresentable: 'any' }) } } } }
          : {}),
        responses: { [op.status ?? '200']: { description: 'OK' }, default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atelier API',
      version: '1',
      description:
        'Made-to-order products across a network of factories. Request bodies are JSON of at most ' +
        `${describeBytes(JSON_BODY.limitBytes)} (model uploads: ${describeBytes(MODEL_UPLOAD_BODY.limitBytes)}); ` +
        `a larger one answers 413, another media type 415, JSON nested deeper than ${MAX_JSON_DEPTH} levels 400.`,
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
        },
      },
    },
  };
}
