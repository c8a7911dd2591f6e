import { eventCatalog, streams } from '@atelier/contracts';
import { z } from 'zod';

/** The event catalog as an AsyncAPI 3 document, built from the same schemas the services validate with. */
export function asyncApiDocument(): object {
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  for (const event of eventCatalog) {
    const name = event.subject.replace(/\./g, '_');
    messages[name] = {
      name: event.type,
      title: `${event.type} v${event.version}`,
      contentType: 'application/json',
      headers: { type: 'object', properties: { 'Nats-Msg-Id': { type: 'string', description: 'the event id' } } },
      payload: {
        type: 'object',
        description:
          'The envelope: id, type, version, occurredAt, aggregateId, aggregateVersion, correlationId, causationId, data.',
        required: ['id', 'type', 'version', 'occurredAt', 'aggregateId', 'aggregateVersion', 'correlationId', 'data'],
        properties: {
          id: { type: 'string' },
          type: { const: event.type },
          version: { const: event.version },
          occurredAt: { type: 'string', format: 'date-time' },
          aggregateId: { type: 'string' },
          aggregateVersion: { type: 'integer' },
          correlationId: { type: 'string' },
          causationId: { type: ['string', 'null'] },
          data: z.toJSONSchema(event.schema, { unrepresentable: 'any' }),
        },
      },
    };
    channels[name] = {
      address: event.subject,
      description: `On JetStream stream ${event.stream} (${streams[event.stream]}).`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[`receive_${name}`] = { action: 'receive', channel: { $ref: `#/channels/${name}` } };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Atelier events',
      version: '1',
      description:
        'Durable business events on NATS JetStream, one stream per owning service. Subscribe with a durable consumer; ' +
        'replay from the first message to rebuild state. Events are versioned; a new version is a new contract.',
    },
    servers: { local: { host: 'localhost:4222', protocol: 'nats' } },
    channels,
    operations,
    components: { messages },
  };
}
