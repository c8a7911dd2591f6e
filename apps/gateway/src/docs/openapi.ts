import { idempotencyKeySchema } from '@atelier/contracts';
import { z } from 'zod';
import { MODEL_UPLOAD_BODY } from '../admin/model-formats';
import { JSON_BODY } from '../http/body.guard';
import { describeBytes, MAX_JSON_DEPTH } from '../http/read-body';
import type { Audience, RouteSpec } from '../http/route';
import { routes } from '../routes/routes';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (2020-12, what OpenAPI 3.1 uses): requests as the gateway reads them, replies as they are sent. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
}

/** `v1/orders/:id` as OpenAPI writes it: `/v1/orders/{id}`. */
export function documentPathOf(route: RouteSpec): string {
  return `/${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
}

const audiences: Record<Audience, string> = {
  customer: 'Customers and storefronts: configure products, quote, place, follow and cancel orders',
  supplier: 'Partner factories: their own jobs (offers, start, progress, delays, completion), shipments and factory calendars',
  operator: 'The operator: product models, onboarding, transfer times, the plan, every order, dead letters',
  public: 'No token: the documents of the API and of the events',
};

/** The public HTTP contract (API.md) as an OpenAPI 3.1 document, generated from the route table (routes/routes.ts). */
export function openApiDocument(
  table: Record<string, RouteSpec> = routes,
): { paths: Record<string, Record<string, JsonSchema>> } & JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, route] of Object.entries(table)) {
    (paths[documentPathOf(route)] ??= {})[route.method.toLowerCase()] = operationOf(name, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atelier API',
      version: '1',
      description:
        'Made-to-order products across a network of factories. Request bodies are JSON of at most ' +
        `${describeBytes(JSON_BODY.limitBytes)} (model uploads: ${describeBytes(MODEL_UPLOAD_BODY.limitBytes)}); ` +
        `a larger one answers 413, another media type 415, JSON nested deeper than ${MAX_JSON_DEPTH} levels 400. ` +
        'A principal a route does not allow gets 404, as if the route did not exist.',
    },
    tags: Object.entries(audiences).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}

function operationOf(name: string, route: RouteSpec): JsonSchema {
  const allowed = route.allow === 'public' ? 'anyone, no token' : route.allow.join(', ');
  const subjects = [route.request ?? []].flat().map((contract) => contract.subject);
  const parameters = [...pathParameters(route), ...queryParameters(route), ...headerParameters(route)];
  return {
    operationId: name,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, `Allowed: ${allowed}.`].filter(Boolean).join(' '),
    security: route.allow === 'public' ? [] : [{ bearer: [] }],
    'x-principals': route.allow === 'public' ? [] : route.allow,
    ...(subjects.length > 0 ? { 'x-nats-subjects': subjects } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...requestBodyOf(route),
    responses: responsesOf(route),
  };
}

function pathParameters(route: RouteSpec): JsonSchema[] {
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

/** The query parameters of a route, from the schema the gateway validates them with. */
function queryParameters(route: RouteSpec): JsonSchema[] {
  if (!route.query) return [];
  const json = jsonSchemaOf(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
    ...(route.example?.query?.[name] !== undefined ? { example: route.example.query[name] } : {}),
  }));
}

function headerParameters(route: RouteSpec): JsonSchema[] {
  if (!route.idempotencyKey) return [];
  return [
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: route.idempotencyKey === 'required',
      description: 'The same key with the same body creates once; the same key with another body is 409.',
      schema: jsonSchemaOf(idempotencyKeySchema, 'input'),
    },
  ];
}

function requestBodyOf(route: RouteSpec): JsonSchema {
  if (route.bodies) {
    const content = Object.fromEntries(
      Object.entries(route.bodies.schemas).map(([type, schema]) => [type, { schema: jsonSchemaOf(schema, 'input') }]),
    );
    return { requestBody: { required: true, content } };
  }
  if (!route.body) return {};
  const example = route.example?.body !== undefined ? { example: route.example.body } : {};
  // The gateway reads a missing body as {}: the body is required only when {} is not enough.
  const required = !route.body.safeParse({}).success;
  return {
    requestBody: { required, content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input'), ...example } } },
  };
}

function responsesOf(route: RouteSpec): JsonSchema {
  const media = route.produces ?? 'application/json';
  const example = route.example?.reply !== undefined ? { example: route.example.reply } : {};
  const content = { [media]: { schema: jsonSchemaOf(route.reply, 'output'), ...example } };
  const successes = { [route.status]: 'OK', ...route.otherStatuses };
  return {
    ...Object.fromEntries(Object.entries(successes).map(([status, description]) => [status, { description, content }])),
    default: {
      description: 'An error: { error: { code, message, details } }',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  };
}
