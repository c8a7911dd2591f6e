import { issueText, Namespace } from '@atelier/contracts';
import type { MessagingOptions } from '@atelier/messaging';
import { z } from 'zod';

/**
 * Every environment variable all apps read, with its default (README "Configuration" lists them); an
 * app's own variables extend it (settingsReader).
 */
export const environmentSchema = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/atelier'),
  ATELIER_NAMESPACE: z
    .string()
    .regex(/^([a-z][a-z0-9_-]*)?$/, 'lowercase letters, digits, - or _')
    .default(''),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  ATELIER_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  EVENTS_PER_TRANSACTION: z.coerce.number().int().min(1).max(500).default(20),
});

export interface ServiceConfig {
  serviceName: string;
  natsUrl: string;
  redisUrl: string;
  databaseUrl: string;
  namespace: string;
  /** Where the app's HTTP server listens: the API on the gateway, health and metrics on the others. */
  httpPort: number;
  /**
   * Where `/metrics` and the detailed readiness are served. The gateway's HTTP port is public, so
   * they have a port of their own (MANAGEMENT_PORT; 0: any free one); null for the other apps, whose
   * HTTP port has no API and is internal: it is their management port.
   */
  managementPort: number | null;
  adminToken: string | undefined;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** JSON lines (production), or readable coloured lines for a terminal (`npm start`). */
  logFormat: 'json' | 'pretty';
  /** Copies of each JetStream stream and durable: 1 on one NATS server, 3 on a cluster. */
  streamReplicas: number;
  /** The most events a consumer handles in one transaction (those that queued up while the last one ran). */
  eventsPerTransaction: number;
}

const defaultHttpPorts: Record<string, number> = {
  orders: 3101,
  configurator: 3102,
  scheduling: 3103,
  suppliers: 3104,
};

/** Reads the environment once, at start; a bad value stops the app with the variable's name. */
export function loadConfig(serviceName: string, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration for ${serviceName}: ${issueText(parsed.error)}`);
  }
  const e = parsed.data;
  const httpPort = serviceName === 'gateway' ? e.PORT : (e.HTTP_PORT ?? defaultHttpPorts[serviceName] ?? 0);
  return {
    serviceName,
    natsUrl: e.NATS_URL,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    namespace: e.ATELIER_NAMESPACE,
    httpPort,
    managementPort: serviceName === 'gateway' ? e.MANAGEMENT_PORT : null,
    // Only the gateway checks the operator's token; no other app holds it, even when it is in the environment.
    adminToken: serviceName === 'gateway' ? e.ATELIER_ADMIN_TOKEN : undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    streamReplicas: e.NATS_STREAM_REPLICAS,
    eventsPerTransaction: e.EVENTS_PER_TRANSACTION,
  };
}

/** The PostgreSQL schema a service owns, namespaced like its subjects. */
export function schemaName(config: Pick<ServiceConfig, 'namespace' | 'serviceName'>): string {
  return new Namespace(config.namespace).schema(config.serviceName);
}

/** How an app's messaging is set up from its configuration. */
export function messagingOptionsOf(config: ServiceConfig): MessagingOptions {
  return {
    serviceName: config.serviceName,
    natsUrl: config.natsUrl,
    namespace: config.namespace,
    streamReplicas: config.streamReplicas,
    eventsPerTransaction: config.eventsPerTransaction,
  };
}
