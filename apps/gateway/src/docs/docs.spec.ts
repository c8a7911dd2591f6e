import { eventCatalog } from '@atelier/contracts';
import { z } from 'zod';
import type { RouteSpec } from '../http/route';
import { routes } from '../routes/routes';
import { asyncApiDocument } from './asyncapi';
import { documentPathOf, openApiDocument } from './openapi';

type Json = Record<string, unknown>;
type Parameter = {
  name: string;
  in: string;
  required: boolean;
  schema: Json & { maximum?: number; default?: number; enum?: string[] };
};
type Operation = {
  operationId: string;
  tags: string[];
  security: unknown[];
  'x-principals': string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
};

const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Operation>> };
const table = Object.entries(routes) as Array<[string, RouteSpec]>;

/** What the gateway validates with, as JSON Schema: written here straight from zod, not through openapi.ts. */
function expected(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return json;
}

function operation(route: RouteSpec): Operation {
  return doc.paths[documentPathOf(route)][route.method.toLowerCase()];
}

const bodySchema = (path: string, method = 'post') =>
  doc.paths[path][method].requestBody!.content['application/json'].schema as Json & {
    properties: Record<string, Json>;
    required?: string[];
  };

describe('the OpenAPI document', () => {
  it('has exactly the routes of the table, each once', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(documented.sort()).toEqual(table.map(([name, route]) => `${route.method} ${documentPathOf(route)} ${name}`).sort());
  });

  it.each(table)('documents %s with the body and query the gateway accepts', (_, route) => {
    const op = operation(route);
    if (route.body) {
      expect(op.requestBody!.content['application/json'].schema).toEqual(expected(route.body, 'input'));
      expect(op.requestBody!.required).toBe(!route.body.safeParse({}).success);
    } else if (route.bodies) {
      expect(Object.keys(op.requestBody!.content)).toEqual(route.bodies.policy.mediaTypes);
      for (const [type, schema] of Object.entries(route.bodies.schemas))
        expect(op.requestBody!.content[type].schema).toEqual(expected(schema, 'input'));
    } else {
      expect(op.requestBody).toBeUndefined();
    }
    const query = op.parameters?.filter((p) => p.in === 'query') ?? [];
    const accepted = route.query
      ? (expected(route.query, 'input') as { properties: Record<string, Json>; required?: string[] })
      : { properties: {} };
    expect(Object.fromEntries(query.map((p) => [p.name, p.schema]))).toEqual(accepted.properties);
    expect(query.filter((p) => p.required).map((p) => p.name)).toEqual(route.query ? (accepted.required ?? []) : []);
    const header = op.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    expect(header?.required).toBe(route.idempotencyKey === undefined ? undefined : route.idempotencyKey === 'required');
  });

  it.each(table)('documents who may call %s, its tag and its reply', (_, route) => {
    const op = operation(route);
    expect(op.tags).toEqual([route.tag]);
    expect(op.security).toEqual(route.allow === 'public' ? [] : [{ bearer: [] }]);
    expect(op['x-principals']).toEqual(route.allow === 'public' ? [] : route.allow);
    const reply = op.responses[String(route.status)].content![route.produces ?? 'application/json'].schema;
    expect(reply).toEqual(expected(route.reply, 'output'));
  });

  it.each(table)('gives %s examples the gateway would accept and replies it could send', (_, route) => {
    if (route.body) expect(route.example?.body).toBeDefined();
    if (route.example?.body !== undefined) route.body!.parse(route.example.body);
    if (route.example?.query !== undefined) (route.bodies ? route.query!.required() : route.query!).parse(route.example.query);
    if (route.example?.reply !== undefined) route.reply.parse(route.example.reply);
  });

  it('has what the hand-written document lacked: configure complete, explain version, the cancel and shipment bodies', () => {
    expect(bodySchema('/v1/products/{id}/configure').properties.complete).toMatchObject({ type: 'boolean' });
    expect(bodySchema('/v1/products/{id}/explain').properties.version).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect(bodySchema('/v1/products/{id}/explain').required).toEqual(['option', 'value']);
    expect(bodySchema('/v1/orders/{id}/cancel').properties.reason).toMatchObject({ type: 'string', maxLength: 500 });
    expect(doc.paths['/v1/orders/{id}/cancel'].post.requestBody!.required).toBe(false);
    const shipment = bodySchema('/v1/supplier/shipments');
    expect(shipment.required).toEqual(['jobIds', 'carrier', 'trackingNumber']);
    expect(shipment.properties.jobIds).toMatchObject({ type: 'array', minItems: 1, maxItems: 100 });
  });

  it('names the query parameters of every list, from the schemas the gateway validates with', () => {
    const names = (path: string) => doc.paths[path].get.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
    expect(names('/v1/admin/schedule')).toEqual(['cursor', 'limit', 'factoryId', 'from', 'to', 'status']);
    expect(names('/v1/orders')).toEqual(['cursor', 'limit', 'status']);
    expect(names('/v1/supplier/jobs')).toEqual(['cursor', 'limit', 'status', 'factoryId']);
    for (const path of [
      '/v1/admin/suppliers',
      '/v1/admin/suppliers/{id}/factories',
      '/v1/supplier/factories',
      '/v1/admin/dead-letters',
    ]) {
      expect(names(path)).toEqual(['cursor', 'limit']);
    }
    const limit = doc.paths['/v1/admin/schedule'].get.parameters!.find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { maximum: 100, default: 20 } });
    expect(doc.paths['/v1/admin/schedule'].get.parameters!.find((p) => p.name === 'status')!.schema.enum).toContain('completed');
  });

  it('documents each job action with its own body, and the order placement with its required Idempotency-Key', () => {
    expect(bodySchema('/v1/supplier/jobs/{id}/reject').required).toEqual(['reason']);
    expect(bodySchema('/v1/supplier/jobs/{id}/delay').required).toEqual(['newEnd', 'reason']);
    expect(bodySchema('/v1/supplier/jobs/{id}/accept').properties).toEqual({});
    expect(doc.paths['/v1/orders'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    expect(Object.keys(doc.paths['/v1/orders'].post.responses)).toEqual(['200', '201', 'default']);
  });
});

describe('the AsyncAPI document', () => {
  it('lists every event of the catalog with its subject and data schema', () => {
    const events = asyncApiDocument() as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { payload: { properties: { data: { type?: string } } } }> };
    };
    const addresses = Object.values(events.channels).map((c) => c.address);
    expect(addresses).toEqual(eventCatalog.map((e) => e.subject));
    expect(addresses).toEqual(
      expect.arrayContaining(['orders.events.order.placed', 'suppliers.events.job.accepted', 'scheduling.events.plan.changed']),
    );
    for (const message of Object.values(events.components.messages)) expect(message.payload.properties.data.type).toBe('object');
  });
});
