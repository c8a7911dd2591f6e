import { z } from 'zod';
import { integerSetting, settingsReader } from './settings';

describe('app settings', () => {
  const read = settingsReader(
    'demo',
    { DEMO_LIMIT: integerSetting(5, 1, 10), DEMO_MODE: z.enum(['a', 'b']).default('a') },
    (env) => ({
      limit: env.DEMO_LIMIT,
      mode: env.DEMO_MODE,
    }),
  );

  it('default when unset or empty, and read each variable', () => {
    expect(read({})).toEqual({ limit: 5, mode: 'a' });
    expect(read({ DEMO_LIMIT: '' })).toEqual({ limit: 5, mode: 'a' });
    expect(read({ DEMO_LIMIT: '10', DEMO_MODE: 'b' })).toEqual({ limit: 10, mode: 'b' });
  });

  it('refuse a bad value, naming the app and the variable', () => {
    expect(() => read({ DEMO_LIMIT: '11' })).toThrow(
      'Invalid configuration for demo: DEMO_LIMIT: must be an integer at least 1 and at most 10, got "11"',
    );
    expect(() => read({ DEMO_LIMIT: '2.5' })).toThrow(/DEMO_LIMIT/);
    expect(() => read({ DEMO_MODE: 'c' })).toThrow(/DEMO_MODE/);
  });

  it('extend the shared variables, which stay checked', () => {
    expect(() => read({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
