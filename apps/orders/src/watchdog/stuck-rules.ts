import type { OrderStatus, OrderStuck } from '@atelier/contracts';
import { integerSetting, settingsReader } from '@atelier/platform';
import type { SelectQueryBuilder } from 'typeorm';
import type { OrderEntity } from '../orders/order.entity';

/**
 * When an order counts as stuck: it sits in a status that should move, longer than it should.
 * - placed or confirmed: not planned `planningMinutes` after its last change (planning takes seconds);
 * - on_hold: waiting for capacity more than `onHoldHours`;
 * - scheduled or in_production: `lateHours` past its promised date (or, without one, since its last change).
 * Shipped, rejected and cancelled orders are done.
 */
export interface StuckRules {
  planningMinutes: number;
  onHoldHours: number;
  lateHours: number;
}

export interface WatchdogSettings extends StuckRules {
  /** How often each replica looks for stuck orders; 0 turns the sweep off (the list still answers). */
  intervalSeconds: number;
}

export const WATCHDOG_SETTINGS = Symbol('WATCHDOG_SETTINGS');

/** Orders' own variables, an extension of the shared ones; read once at start, a bad value fails fast naming the variable. */
export const readWatchdogSettings = settingsReader(
  'orders',
  {
    STUCK_PLANNING_MINUTES: integerSetting(10, 1, 1_000_000),
    STUCK_ON_HOLD_HOURS: integerSetting(24, 1, 1_000_000),
    STUCK_LATE_HOURS: integerSetting(24, 1, 1_000_000),
    WATCHDOG_INTERVAL_SECONDS: integerSetting(60, 0, 1_000_000),
  },
  (env): WatchdogSettings => ({
    planningMinutes: env.STUCK_PLANNING_MINUTES,
    onHoldHours: env.STUCK_ON_HOLD_HOURS,
    lateHours: env.STUCK_LATE_HOURS,
    intervalSeconds: env.WATCHDOG_INTERVAL_SECONDS,
  }),
);

/** The SQL moment from which an order of alias `o` is stuck (NULL for a final status). */
export function stuckSinceSql(alias: string): string {
  return `CASE
    WHEN ${alias}.status IN ('placed', 'confirmed') THEN ${alias}.updated_at + make_interval(mins => :planningMinutes)
    WHEN ${alias}.status = 'on_hold' THEN ${alias}.updated_at + make_interval(hours => :onHoldHours)
    WHEN ${alias}.status IN ('scheduled', 'in_production') THEN COALESCE(${alias}.promised_date, ${alias}.updated_at) + make_interval(hours => :lateHours)
  END`;
}

/** Narrows a query over orders (alias `o`) to the ones stuck at `now`. */
export function whereStuck(
  query: SelectQueryBuilder<OrderEntity>,
  rules: StuckRules,
  now: Date,
): SelectQueryBuilder<OrderEntity> {
  return query.andWhere(`(${stuckSinceSql('o')}) < :stuckNow`, {
    planningMinutes: rules.planningMinutes,
    onHoldHours: rules.onHoldHours,
    lateHours: rules.lateHours,
    stuckNow: now,
  });
}

const finalStatuses: readonly OrderStatus[] = ['shipped', 'rejected', 'cancelled'];

/** Whether (and why, since when) one order is stuck at `now`: the same rule as whereStuck, for one row. */
export function stuckOf(
  order: Pick<OrderEntity, 'status' | 'statusReason' | 'updatedAt' | 'promisedDate'>,
  rules: StuckRules,
  now: Date,
): OrderStuck | null {
  if (finalStatuses.includes(order.status)) return null;
  const hour = 3_600_000;
  let since: number;
  let reason: string;
  if (order.status === 'placed' || order.status === 'confirmed') {
    since = order.updatedAt.getTime() + rules.planningMinutes * 60_000;
    reason = `still ${order.status} ${rules.planningMinutes} min after its last change: planning has not answered`;
  } else if (order.status === 'on_hold') {
    since = order.updatedAt.getTime() + rules.onHoldHours * hour;
    reason = `on hold for more than ${rules.onHoldHours} h${order.statusReason ? ` (${order.statusReason})` : ''}`;
  } else if (order.promisedDate) {
    since = order.promisedDate.getTime() + rules.lateHours * hour;
    reason = `${order.status} ${rules.lateHours} h past its promised date ${order.promisedDate.toISOString()}`;
  } else {
    since = order.updatedAt.getTime() + rules.lateHours * hour;
    reason = `${order.status} without a promised date and without change for ${rules.lateHours} h`;
  }
  return since < now.getTime() ? { since: new Date(since).toISOString(), reason } : null;
}
