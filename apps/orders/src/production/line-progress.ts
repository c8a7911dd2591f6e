import type { LineProgress } from '@atelier/contracts';
import type { LineJobStatus } from './line-job.entity';

export interface JobProgress {
  status: LineJobStatus;
  percent: number;
}

/** Jobs that no longer count: re-planned elsewhere under a new id, or withdrawn. */
const superseded: readonly LineJobStatus[] = ['replaced', 'cancelled'];

/**
 * A line's production progress: its live jobs, how many are completed, and the mean of their
 * reported percentages (a completed job counts 100). Operations are not weighted by duration:
 * suppliers report percent per job, and that is what the customer is shown.
 */
export function lineProgress(jobs: readonly JobProgress[]): LineProgress {
  const live = jobs.filter((j) => !superseded.includes(j.status));
  if (live.length === 0) return { jobs: 0, completed: 0, percent: 0 };
  const completed = live.filter((j) => j.status === 'completed').length;
  const sum = live.reduce((total, j) => total + (j.status === 'completed' ? 100 : clampPercent(j.percent)), 0);
  return { jobs: live.length, completed, percent: Math.floor(sum / live.length) };
}

function clampPercent(percent: number): number {
  return Math.max(0, Math.min(100, percent));
}

/** The later of two job statuses: events from two streams may arrive in either order, never step back. */
export function laterJobStatus(current: LineJobStatus, reported: LineJobStatus): LineJobStatus {
  if (superseded.includes(current)) return current;
  if (superseded.includes(reported)) return reported;
  const rank: Record<string, number> = { planned: 0, started: 1, completed: 2 };
  return rank[reported] > rank[current] ? reported : current;
}
