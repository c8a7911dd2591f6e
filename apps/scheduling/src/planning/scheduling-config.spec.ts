import { readSchedulingSettings } from './scheduling-config';

describe('scheduling settings', () => {
  it('improves for 2 s, 5 s after a change, unless told otherwise', () => {
    expect(readSchedulingSettings({})).toEqual({ improvementTimeLimitMs: 2_000, improvementDelayMs: 5_000 });
    expect(readSchedulingSettings({ IMPROVEMENT_TIME_LIMIT_MS: '0', IMPROVEMENT_DELAY_MS: '100' })).toEqual({
      improvementTimeLimitMs: 0,
      improvementDelayMs: 100,
    });
  });

  it('fails fast naming the variable', () => {
    expect(() => readSchedulingSettings({ IMPROVEMENT_TIME_LIMIT_MS: 'soon' })).toThrow(/IMPROVEMENT_TIME_LIMIT_MS/);
    expect(() => readSchedulingSettings({ IMPROVEMENT_DELAY_MS: '-1' })).toThrow(/IMPROVEMENT_DELAY_MS/);
  });
});
