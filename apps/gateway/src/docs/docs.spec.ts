import { eventCatalog } from '@atelier/contracts';
import { asyncApiDocument } from './asyncapi';
import { openApiDocument } from './openapi';

describe('published interface documents', () => {
  it('list every event of the catalog with its subject and data schema', () => {
    const doc = asyncApiDocument() as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { payload: { properties: { data: { type?: string } } } }> };
    };
    const addresses = Object.values(doc.channels).map((c) => c.address);
    expect(addresses).toEqual(eventCatalog.map((e) => e.subject));
    expect(addresses).toEqual(
      expect.arrayContaining(['orders.events.order.placed', 'suppliers.events.job.accepted', 'scheduling.events.plan.changed']),
    );
    for (const message of Object.values(doc.components.messages)) expect(message.payload.properties.data.type).toBe('object');
  });

  it('describe the HTTP API with request schemas', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.paths['/v1/orders'].post.requestBody).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/supplier/jobs/{id}/{action}', '/v1/admin/dead-letters/{id}/replay']),
    );
    expect(doc.paths['/v1/admin/transfer-times'].put.requestBody).toBeDefined();
    expect(doc.paths['/v1/admin/transfer-times'].get).toBeDefined();
  });

  it('name the query parameters of every list, from the schemas the gateway validates with', () => {
    type Parameter = { name: string; in: string; required: boolean; schema: { maximum?: number; default?: number; enum?: string[] } };
    const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
    const names = (path: string) => doc.paths[path].get.parameters?.map((p) => p.name);
    expect(names('/v1/admin/schedule')).toEqual(['cursor', 'limit', 'factoryId', 'from', 'to', 'status']);
    expect(names('/v1/orders')).toEqual(['cursor', 'limit', 'status']);
    expect(names('/v1/supplier/jobs')).toEqual(['cursor', 'limit', 'status', 'factoryId']);
    for (const path of ['/v1/admin/suppliers', '/v1/admin/suppliers/{id}/factories', '/v1/supplier/factories', '/v1/admin/dead-letters']) {
      expect(names(path)).toEqual(['cursor', 'limit']);
    }
    const limit = doc.paths['/v1/admin/schedule'].get.parameters!.find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { maximum: 100, default: 20 } });
    expect(doc.paths['/v1/admin/schedule'].get.parameters!.find((p) => p.name === 'status')!.schema.enum).toContain('completed');
  });
});
