import { integerSetting, settingsReader } from '@atelier/platform';

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

/** The configurator's own variables, an extension of the shared ones; read once at start, a bad value fails fast naming the variable. */
export const readConfiguratorSettings = settingsReader(
  'configurator',
  {
    // The gateway waits 120 s for a publish; a check (plus the worker's grace) must end before.
    MODEL_CHECK_TIME_LIMIT_MS: integerSetting(20_000, 1, 90_000),
    CONFIGURE_TIME_LIMIT_MS: integerSetting(2_000, 1, 60_000),
    COUNT_TIME_LIMIT_MS: integerSetting(300_000, 1, 3_600_000),
    MODEL_WORKERS: integerSetting(2, 1, 16),
    MODEL_WORKER_MEMORY_MB: integerSetting(2_048, 1, 16_384),
  },
  (env): ConfiguratorSettings => ({
    modelCheckTimeLimitMs: env.MODEL_CHECK_TIME_LIMIT_MS,
    configureTimeLimitMs: env.CONFIGURE_TIME_LIMIT_MS,
    countTimeLimitMs: env.COUNT_TIME_LIMIT_MS,
    modelWorkers: env.MODEL_WORKERS,
    modelWorkerMemoryMb: env.MODEL_WORKER_MEMORY_MB,
  }),
);
