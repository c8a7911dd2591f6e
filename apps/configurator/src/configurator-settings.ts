import { Module, type DynamicModule } from '@nestjs/common';

/** The configurator's own settings (ConfiguratorSettings), injected where reasoning is budgeted. */
export const CONFIGURATOR_SETTINGS = Symbol('CONFIGURATOR_SETTINGS');

export interface ConfiguratorSettings {
  /** A publish or import whose check (read, compile, a configuration exists) takes longer is refused TOO_HARD. */
  modelCheckTimeLimitMs: number;
  /** Budget of one configure, validate, explain or price request on the request thread. */
  configureTimeLimitMs: number;
  /** Counting configurations of one version; past it, TOO_HARD. */
  countTimeLimitMs: number;
  /** Worker threads that check, compile and count models off the request thread. */
  modelWorkers: number;
  /** Heap of one such worker; a model that needs more is refused and the worker replaced. */
  modelWorkerMemoryMb: number;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`Invalid configuration for configurator: ${name} must be an integer from 1 to ${max}, got "${raw}"`);
  }
  return value;
}

/** Makes the settings injectable everywhere in the app. */
@Module({})
export class ConfiguratorSettingsModule {
  static register(settings: ConfiguratorSettings): DynamicModule {
    return {
      module: ConfiguratorSettingsModule,
      global: true,
      providers: [{ provide: CONFIGURATOR_SETTINGS, useValue: settings }],
      exports: [CONFIGURATOR_SETTINGS],
    };
  }
}

/** Read once at start; a bad value fails fast naming the variable. */
export function readConfiguratorSettings(env: NodeJS.ProcessEnv = process.env): ConfiguratorSettings {
  return {
    // The gateway waits 120 s for a publish; a check (plus the worker's grace) must end before.
    modelCheckTimeLimitMs: positiveInteger(env, 'MODEL_CHECK_TIME_LIMIT_MS', 20_000, 90_000),
    configureTimeLimitMs: positiveInteger(env, 'CONFIGURE_TIME_LIMIT_MS', 2_000, 60_000),
    countTimeLimitMs: positiveInteger(env, 'COUNT_TIME_LIMIT_MS', 300_000, 3_600_000),
    modelWorkers: positiveInteger(env, 'MODEL_WORKERS', 2, 16),
    modelWorkerMemoryMb: positiveInteger(env, 'MODEL_WORKER_MEMORY_MB', 2_048, 16_384),
  };
}
