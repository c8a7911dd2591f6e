import { readConfiguratorSettings } from './configurator-settings';

describe('configurator settings', () => {
  it('defaults, and reads each variable', () => {
    expect(readConfiguratorSettings({})).toEqual({
      modelCheckTimeLimitMs: 20_000,
      configureTimeLimitMs: 2_000,
      countTimeLimitMs: 300_000,
      modelWorkers: 2,
      modelWorkerMemoryMb: 2_048,
    });
    expect(readConfiguratorSettings({ MODEL_CHECK_TIME_LIMIT_MS: '5000', MODEL_WORKERS: '1' })).toMatchObject({
      modelCheckTimeLimitMs: 5_000,
      modelWorkers: 1,
    });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => readConfiguratorSettings({ MODEL_CHECK_TIME_LIMIT_MS: '20s' })).toThrow(
      /MODEL_CHECK_TIME_LIMIT_MS: must be an integer at least 1 and at most 90000, got "20s"/,
    );
    expect(() => readConfiguratorSettings({ MODEL_WORKERS: '0' })).toThrow(/MODEL_WORKERS/);
  });
});
