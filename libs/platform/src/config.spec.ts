import { loadConfig, messagingOptionsOf } from './config';

describe('loadConfig', () => {
  it('hands a consumer at most EVENTS_PER_TRANSACTION events per transaction: 20 unless told, 1–500', () => {
    expect(messagingOptionsOf(loadConfig('orders', {})).eventsPerTransaction).toBe(20);
    expect(messagingOptionsOf(loadConfig('orders', { EVENTS_PER_TRANSACTION: '50' })).eventsPerTransaction).toBe(50);
    expect(() => loadConfig('orders', { EVENTS_PER_TRANSACTION: '0' })).toThrow(/EVENTS_PER_TRANSACTION/);
    expect(() => loadConfig('orders', { EVENTS_PER_TRANSACTION: '501' })).toThrow(/EVENTS_PER_TRANSACTION/);
  });
});
