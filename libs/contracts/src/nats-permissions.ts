import { allStreamNames, atelierServices, domainServices, serviceAccess, type AtelierService } from './access';
import { UPLOADS_BUCKET } from './configurator';
import { deadLetterReplayRequest } from './dead-letters';
import { DEAD_LETTER_STREAM, streams } from './envelope';
import type { Namespace } from './namespace';

/** A nats-server `permissions` block: what is not allowed is denied. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** May answer the requests it receives (publish to their reply subject, once each). */
  allow_responses: boolean;
}

/**
 * Where an app's replies arrive (the connection's `inboxPrefix`): one prefix per app and namespace,
 * so an app may subscribe to its own replies only, never read another app's.
 */
export function natsInboxPrefix(service: string, ns: Namespace): string {
  return ns.prefix ? `_INBOX.${ns.prefix}.${service}` : `_INBOX.${service}`;
}

const API = '$JS.API';

/**
 * The NATS permissions of one app in one namespace, from the contracts: its own request subjects
 * (subscribe, in its queue group), the ones it asks (publish), its replies (its own inbox), its own
 * events and dead letters (JetStream publish), and the JetStream API calls its streams, durables and
 * dead-letter replay need, each narrowed to the namespaced stream and durable. Everything else is denied.
 */
export function natsPermissions(
  service: AtelierService,
  ns: Namespace,
  options: { uploadBucket?: string } = {},
): NatsPermissions {
  const access = serviceAccess[service];
  const queue = ns.subject(service);
  const isDomain = (domainServices as readonly string[]).includes(service);
  const publish = new Set<string>([`${API}.INFO`]);
  const subscribe = new Set<string>([`${natsInboxPrefix(service, ns)}.>`]);

  // Requests: served in the service's queue group; the dead-letter replay of its own consumers too.
  const served = [...access.serves, ...(isDomain ? [deadLetterReplayRequest(service).subject] : [])];
  for (const subject of served) subscribe.add(`${ns.subject(subject)} ${queue}`);
  for (const subject of access.calls) publish.add(ns.subject(subject));
  for (const subject of access.listens) subscribe.add(ns.subject(subject));

  // Every app makes sure every stream exists at start; none may change or delete one.
  for (const name of allStreamNames) {
    publish.add(`${API}.STREAM.INFO.${ns.stream(name)}`);
    publish.add(`${API}.STREAM.CREATE.${ns.stream(name)}`);
  }

  if (access.publishes) {
    publish.add(ns.subject(streams[access.publishes]));
    // The relay asks which stream holds a subject before parking an event it could not publish.
    publish.add(`${API}.STREAM.NAMES`);
  }

  for (const { name, stream } of access.consumes) {
    const durable = `${service}-${name}`;
    const on = `${ns.stream(stream)}.${durable}`;
    for (const call of ['INFO', 'CREATE', 'DURABLE.CREATE', 'MSG.NEXT']) publish.add(`${API}.CONSUMER.${call}.${on}`);
    // Newer clients name the filter subject in the create subject.
    publish.add(`${API}.CONSUMER.CREATE.${on}.>`);
    publish.add(`$JS.ACK.${on}.>`);
  }

  const deadLetters = ns.stream(DEAD_LETTER_STREAM);
  if (isDomain) {
    publish.add(ns.subject(`deadletters.${service}.>`));
    // Replay reads the dead letter and removes it once handled.
    publish.add(`${API}.STREAM.MSG.GET.${deadLetters}`);
    publish.add(`${API}.STREAM.MSG.DELETE.${deadLetters}`);
  }
  if (access.readsDeadLetters) publish.add(`${API}.STREAM.MSG.GET.${deadLetters}`);

  if (access.objectStore) {
    const bucket = options.uploadBucket ?? ns.stream(UPLOADS_BUCKET);
    const stream = `OBJ_${bucket}`;
    publish.add(`$O.${bucket}.>`);
    for (const call of ['STREAM.INFO', 'STREAM.CREATE', 'STREAM.MSG.GET', 'STREAM.PURGE', 'DIRECT.GET', 'CONSUMER.CREATE']) {
      publish.add(`${API}.${call}.${stream}`);
    }
    // Reads go through short-lived ordered consumers with generated names.
    for (const call of ['DIRECT.GET', 'CONSUMER.CREATE', 'CONSUMER.INFO', 'CONSUMER.DELETE', 'CONSUMER.MSG.NEXT']) {
      publish.add(`${API}.${call}.${stream}.>`);
    }
    publish.add(`$JS.FC.${stream}.>`);
    publish.add(`$JS.ACK.${stream}.>`);
  }

  return {
    publish: { allow: [...publish] },
    subscribe: { allow: [...subscribe] },
    allow_responses: access.serves.length > 0 || isDomain,
  };
}

/** The NATS user an app connects as: one per app and namespace. */
export function natsUserName(service: string, ns: Namespace): string {
  return ns.prefix ? `${ns.prefix}-${service}` : service;
}

export interface NatsServerConfigOptions {
  /** One password per app. */
  passwords: Record<AtelierService, string>;
  host: string;
  port: number;
  /** JetStream's store directory. */
  storeDir: string;
  uploadBucket?: string;
}

/**
 * A nats-server configuration (JSON is valid nats-server syntax) with JetStream and one user per
 * app that may do only what the app does. Nobody else may connect.
 */
export function natsServerConfig(ns: Namespace, options: NatsServerConfigOptions) {
  return {
    listen: `${options.host}:${options.port}`,
    jetstream: { store_dir: options.storeDir },
    authorization: {
      users: atelierServices.map((service) => ({
        user: natsUserName(service, ns),
        password: options.passwords[service],
        permissions: natsPermissions(service, ns, { uploadBucket: options.uploadBucket }),
      })),
    },
  };
}
