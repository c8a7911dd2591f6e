import type { ServiceConfig } from '@atelier/platform';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export interface GatewayConfig extends ServiceConfig {
  /** Requests a client may make per minute (per token, or per address without one). */
  rateLimitPerMinute: number;
  /** How long the gateway trusts what suppliers said of a token (0: asks every time). A revocation reaches it at once. */
  authCacheSeconds: number;
  /** At most this many tokens are remembered. */
  authCacheEntries: number;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid configuration for gateway: ${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

export function gatewayConfig(config: ServiceConfig, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const raw = env.RATE_LIMIT_PER_MINUTE ?? '1200';
  const rateLimitPerMinute = Number(raw);
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) {
    throw new Error(`Invalid configuration for gateway: RATE_LIMIT_PER_MINUTE must be a positive integer (got "${raw}")`);
  }
  if (!config.adminToken) {
    throw new Error('Invalid configuration for gateway: ATELIER_ADMIN_TOKEN is required (npm start generates one)');
  }
  return {
    ...config,
    rateLimitPerMinute,
    authCacheSeconds: wholeNumber(env, 'AUTH_CACHE_SECONDS', 60, 0, 3600),
    authCacheEntries: wholeNumber(env, 'AUTH_CACHE_ENTRIES', 100_000, 1, 10_000_000),
  };
}
