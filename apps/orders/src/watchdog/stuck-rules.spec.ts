import { readWatchdogSettings, stuckOf } from './stuck-rules';

const rules = { planningMinutes: 10, onHoldHours: 24, lateHours: 24 };
const now = new Date('2026-12-02T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('when an order is stuck', () => {
  it('is never, once shipped, rejected or cancelled', () => {
    for (const status of ['shipped', 'rejected', 'cancelled'] as const) {
      expect(
        stuckOf({ status, statusReason: null, updatedAt: at('2020-01-01T00:00:00Z'), promisedDate: null }, rules, now),
      ).toBeNull();
    }
  });

  it('is when planning has not answered for the planning bound, not before', () => {
    const order = { status: 'confirmed' as const, statusReason: null, promisedDate: null };
    expect(stuckOf({ ...order, updatedAt: at('2026-12-02T11:51:00Z') }, rules, now)).toBeNull();
    expect(stuckOf({ ...order, updatedAt: at('2026-12-02T11:49:00Z') }, rules, now)).toEqual({
      since: '2026-12-02T11:59:00.000Z',
      reason: 'still confirmed 10 min after its last change: planning has not answered',
    });
  });

  it('is when a scheduled or running order is the late bound past its promise, or without one that long unchanged', () => {
    const late = { status: 'in_production' as const, statusReason: null, updatedAt: at('2026-11-01T00:00:00Z') };
    expect(stuckOf({ ...late, promisedDate: at('2026-12-01T13:00:00Z') }, rules, now)).toBeNull();
    expect(stuckOf({ ...late, promisedDate: at('2026-12-01T11:00:00Z') }, rules, now)?.reason).toBe(
      'in_production 24 h past its promised date 2026-12-01T11:00:00.000Z',
    );
    expect(stuckOf({ ...late, status: 'scheduled', promisedDate: null }, rules, now)?.reason).toMatch(/without a promised date/);
  });

  it('reads its bounds from the environment, refusing a bad one by name', () => {
    expect(readWatchdogSettings({})).toEqual({ planningMinutes: 10, onHoldHours: 24, lateHours: 24, intervalSeconds: 60 });
    expect(readWatchdogSettings({ WATCHDOG_INTERVAL_SECONDS: '0' }).intervalSeconds).toBe(0);
    expect(() => readWatchdogSettings({ STUCK_LATE_HOURS: '0' })).toThrow(/STUCK_LATE_HOURS/);
    expect(() => readWatchdogSettings({ STUCK_PLANNING_MINUTES: 'soon' })).toThrow(/STUCK_PLANNING_MINUTES/);
  });
});
