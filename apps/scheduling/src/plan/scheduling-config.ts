import { MAX_TRANSFER_MINUTES } from '@atelier/contracts';

/** The app's ServiceConfig, for providers that need more than messaging and the database do. */
export const SCHEDULING_CONFIG = Symbol('SCHEDULING_CONFIG');
/** The app's own settings (SchedulingSettings). */
export const SCHEDULING_SETTINGS = Symbol('SCHEDULING_SETTINGS');

export interface SchedulingSettings {
  /** Budget of one background improvement pass; 0 turns the pass off. */
  improvementTimeLimitMs: number;
  /** How long after a plan change the pass runs; changes meanwhile are covered by the same run. */
  improvementDelayMs: number;
  /** Transfer time between two factories stored at first start; operators change it later (transfer-times). */
  transferMinutesDefault: number;
}

function nonNegativeInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    const bound = max < Number.MAX_SAFE_INTEGER ? ` at most ${max}` : '';
    throw new Error(`Invalid configuration for scheduling: ${name} must be a non-negative integer${bound}, got "${raw}"`);
  }
  return value;
}

/** Read once at start; a bad value fails fast naming the variable. */
export function readSchedulingSettings(env: NodeJS.ProcessEnv = process.env): SchedulingSettings {
  return {
    improvementTimeLimitMs: nonNegativeInteger(env, 'IMPROVEMENT_TIME_LIMIT_MS', 2_000),
    improvementDelayMs: nonNegativeInteger(env, 'IMPROVEMENT_DELAY_MS', 5_000),
    transferMinutesDefault: nonNegativeInteger(env, 'TRANSFER_MINUTES_DEFAULT', 240, MAX_TRANSFER_MINUTES),
  };
}
