import { ConfiguratorRequests } from './configurator';
import { deadLetterReplayRequest } from './dead-letters';
import type { StreamName } from './define';
import { DEAD_LETTER_STREAM, streams } from './envelope';
import { OrdersRequests } from './orders';
import { SchedulingRequests } from './scheduling';
import { SupplierEvents, SuppliersRequests } from './suppliers';

/**
 * Who talks to whom: what each app serves, asks, publishes and consumes on NATS. It is what the
 * apps do (access.spec.ts reads their sources to keep it so); nats-permissions.ts turns it into the
 * one NATS user per app that may do exactly this and nothing else (issue 7, least privilege).
 */
export const atelierServices = ['gateway', 'orders', 'configurator', 'scheduling', 'suppliers'] as const;
export type AtelierService = (typeof atelierServices)[number];

/** The domain apps: each owns one schema, one stream, an outbox and dead letters it replays. */
export const domainServices = ['orders', 'configurator', 'scheduling', 'suppliers'] as const;

export interface ServiceAccess {
  /** Request subjects it answers, in its queue group (its own `*Requests`). */
  serves: readonly string[];
  /** Request subjects it asks other services. */
  calls: readonly string[];
  /** The stream its outbox publishes to (its own), if it owns data. */
  publishes: StreamName | null;
  /** Event subjects it follows with a plain subscription (at most once, no durable): only to drop cached facts. */
  listens: readonly string[];
  /** Its durable consumers: name as given to `consume()` (the durable is `<service>-<name>`) and stream. */
  consumes: ReadonlyArray<{ name: string; stream: StreamName }>;
  /** Lists the dead-letter stream (the operator's view). */
  readsDeadLetters: boolean;
  /** Uses the JetStream Object Store bucket for uploads. */
  objectStore: boolean;
}

const subjectsOf = (requests: Record<string, { subject: string }>) => Object.values(requests).map((r) => r.subject);
const subjects = (...contracts: Array<{ subject: string }>) => contracts.map((c) => c.subject);

export const serviceAccess: Record<AtelierService, ServiceAccess> = {
  gateway: {
    serves: [],
    calls: [
      ...subjectsOf(OrdersRequests),
      ...subjects(
        ConfiguratorRequests.listProducts,
        ConfiguratorRequests.getProduct,
        ConfiguratorRequests.configure,
        ConfiguratorRequests.validate,
        ConfiguratorRequests.explain,
        ConfiguratorRequests.publishModel,
        ConfiguratorRequests.importModel,
        ConfiguratorRequests.publishYaml,
        ConfiguratorRequests.listVersions,
        ConfiguratorRequests.countConfigurations,
        SchedulingRequests.schedule,
        SchedulingRequests.getTransferTimes,
        SchedulingRequests.replaceTransferTimes,
      ),
      ...subjectsOf(SuppliersRequests).filter((subject) => subject !== SuppliersRequests.closeOrder.subject),
      ...domainServices.map((service) => deadLetterReplayRequest(service).subject),
    ],
    publishes: null,
    listens: subjects(SupplierEvents.tokenRevoked),
    consumes: [],
    readsDeadLetters: true,
    objectStore: true,
  },
  orders: {
    serves: subjectsOf(OrdersRequests),
    calls: subjects(
      ConfiguratorRequests.listProducts,
      ConfiguratorRequests.priceLines,
      ConfiguratorRequests.compiledVersion,
      SchedulingRequests.quote,
      SuppliersRequests.closeOrder,
    ),
    publishes: 'ORDERS',
    listens: [],
    consumes: [
      { name: 'order-saga', stream: 'ORDERS' },
      { name: 'scheduling-events', stream: 'SCHEDULING' },
      { name: 'supplier-events', stream: 'SUPPLIERS' },
    ],
    readsDeadLetters: false,
    objectStore: false,
  },
  configurator: {
    serves: subjectsOf(ConfiguratorRequests),
    calls: [],
    publishes: 'CONFIGURATOR',
    listens: [],
    consumes: [],
    readsDeadLetters: false,
    objectStore: true,
  },
  scheduling: {
    serves: subjectsOf(SchedulingRequests),
    calls: [],
    publishes: 'SCHEDULING',
    listens: [],
    consumes: [
      { name: 'order-planning', stream: 'ORDERS' },
      { name: 'supplier-planning', stream: 'SUPPLIERS' },
    ],
    readsDeadLetters: false,
    objectStore: false,
  },
  suppliers: {
    serves: subjectsOf(SuppliersRequests),
    calls: [],
    publishes: 'SUPPLIERS',
    listens: [],
    consumes: [{ name: 'job-offers', stream: 'SCHEDULING' }],
    readsDeadLetters: false,
    objectStore: false,
  },
};

/** Every stream each app makes sure exists at start (libs/messaging streams.ts). */
export const allStreamNames: readonly string[] = [...Object.keys(streams), DEAD_LETTER_STREAM];

export function isAtelierService(name: string): name is AtelierService {
  return (atelierServices as readonly string[]).includes(name);
}
