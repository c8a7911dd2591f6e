import { readSchedulingSettings } from './scheduling-config';

describe('scheduling settings', () => {
  it('improves for 2 s, 5 s after a change, with 240 min between factories, unless told otherwise', () => {
    expect(readSchedulingSettings({})).toEqual({
      improvementTimeLimitMs: 2_000,
      improvementDelayMs: 5_000,
      transferMinutesDefault: 240,
    });
    expect(
      readSchedulingSettings({ IMPROVEMENT_TIME_LIMIT_MS: '0', IMPROVEMENT_DELAY_MS: '100', TRANSFER_MINUTES_DEFAULT: '0' }),
    ).toEqual({
      improvementTimeLimitMs: 0,
      improvementDelayMs: 100,
      transferMinutesDefault: 0,
    });
  });

  it('fails fast naming the variable', () => {
    expect(() => readSchedulingSettings({ IMPROVEMENT_TIME_LIMIT_MS: 'soon' })).toThrow(/IMPROVEMENT_TIME_LIMIT_MS/);
    expect(() => readSchedulingSettings({ IMPROVEMENT_DELAY_MS: '-1' })).toThrow(/IMPROVEMENT_DELAY_MS/);
    expect(() => readSchedulingSettings({ TRANSFER_MINUTES_DEFAULT: '4h' })).toThrow(/TRANSFER_MINUTES_DEFAULT/);
    expect(() => readSchedulingSettings({ TRANSFER_MINUTES_DEFAULT: '1.5' })).toThrow(/TRANSFER_MINUTES_DEFAULT/);
    // More than 60 days of minutes.
    expect(() => readSchedulingSettings({ TRANSFER_MINUTES_DEFAULT: '86401' })).toThrow(
      /TRANSFER_MINUTES_DEFAULT.*at most 86400/,
    );
  });
});
