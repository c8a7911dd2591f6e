import { ScrapedGauge } from '@atelier/messaging';
import { Histogram } from 'prom-client';

export const planningRunSeconds = new Histogram({
  name: 'atelier_planning_run_duration_seconds',
  help: 'Background planning runs (BullMQ), by run (replan-network, improve-plan) and outcome (ok, failed)',
  labelNames: ['run', 'outcome'],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
});

export const planChangeSeconds = new Histogram({
  name: 'atelier_plan_change_duration_seconds',
  help: 'Plan changes under the plan lock (an order planned, a refusal re-planned, a run), from taking the lock to the change made',
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Read from this replica's plan in memory, as last built or changed: no query. */
export const planSize = new ScrapedGauge(
  'atelier_plan_size',
  'What the live plan holds, by kind: operations (one job each) and orders',
  ['kind'],
);
