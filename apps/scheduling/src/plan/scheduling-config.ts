import { MAX_TRANSFER_MINUTES } from '@atelier/contracts';
import { integerSetting, settingsReader } from '@atelier/platform';

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

/** Scheduling's own variables, an extension of the shared ones; read once at start, a bad value fails fast naming the variable. */
export const readSchedulingSettings = settingsReader(
  'scheduling',
  {
    IMPROVEMENT_TIME_LIMIT_MS: integerSetting(2_000, 0),
    IMPROVEMENT_DELAY_MS: integerSetting(5_000, 0),
    TRANSFER_MINUTES_DEFAULT: integerSetting(240, 0, MAX_TRANSFER_MINUTES),
  },
  (env): SchedulingSettings => ({
    improvementTimeLimitMs: env.IMPROVEMENT_TIME_LIMIT_MS,
    improvementDelayMs: env.IMPROVEMENT_DELAY_MS,
    transferMinutesDefault: env.TRANSFER_MINUTES_DEFAULT,
  }),
);
