import type { ServiceConfig } from '@atelier/platform';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export interface GatewayConfig extends ServiceConfig {
  /** Requests a client may make per minute (per token, or per address without one). */
  rateLimitPerMinute: number;
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
  return { ...config, rateLimitPerMinute };
}
