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
});
