import { AppError, type JobStatus } from '@atelier/contracts';

/**
 * The job's life as scheduling sees it. Rejected, expired and cancelled jobs are never revived:
 * their operation is planned again as a new job. A job moved by a re-plan is cancelled too.
 */
const allowed: Record<JobStatus, readonly JobStatus[]> = {
  planned: ['offered', 'cancelled'],
  offered: ['accepted', 'rejected', 'expired', 'cancelled'],
  accepted: ['in_progress', 'cancelled'],
  // An order cancelled while a started job's event is in flight still withdraws that job.
  in_progress: ['completed', 'cancelled'],
  completed: [],
  rejected: [],
  expired: [],
  cancelled: [],
};

/** Statuses whose job holds capacity in the plan. */
export const activeStatuses: readonly JobStatus[] = ['planned', 'offered', 'accepted', 'in_progress', 'completed'];

/** Statuses in which the supplier has committed: the job is firm and never moved. */
const firmStatuses: readonly JobStatus[] = ['accepted', 'in_progress', 'completed'];

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(from: JobStatus, to: JobStatus): void {
  if (!canTransition(from, to)) throw new AppError('INVALID_TRANSITION', `A job cannot go from ${from} to ${to}`);
}

export function isActive(status: JobStatus): boolean {
  return activeStatuses.includes(status);
}

export function isFirm(status: JobStatus): boolean {
  return firmStatuses.includes(status);
}

/** Whether the supplier still holds an open offer or plan for it (a move must withdraw it). */
export function isWithdrawable(status: JobStatus): boolean {
  return status === 'planned' || status === 'offered';
}

/** Applies a transition to a job: its status, firmness and revision. Throws INVALID_TRANSITION otherwise. */
export function transition(job: { status: JobStatus; firm: boolean; revision: number; updatedAt: Date }, to: JobStatus): void {
  assertTransition(job.status, to);
  job.status = to;
  job.firm = isFirm(to);
  job.revision += 1;
  job.updatedAt = new Date();
}

/** How far a supplier has taken a job: each report implies the ones before it. */
const progression: readonly JobStatus[] = ['planned', 'offered', 'accepted', 'in_progress', 'completed'];

/**
 * True when `to` is further along the supplier's progression than `from` by more than one step: a
 * report that overtook the ones before it (a redelivered `job.started` arriving after
 * `job.completed`, say). The job goes straight there; the earlier report, when it comes, is behind
 * and changes nothing. So the end state is the same whatever order the reports arrive in.
 */
export function isAhead(from: JobStatus, to: JobStatus): boolean {
  const at = progression.indexOf(from);
  return at >= 0 && progression.indexOf(to) > at;
}

/** A supplier's report applied: the next status, a skipped step caught up, or null when the report is behind or does not apply. */
export function reportedStatus(from: JobStatus, to: JobStatus): JobStatus | null {
  return canTransition(from, to) || isAhead(from, to) ? to : null;
}

/** Applies a supplier's report to a job (reportedStatus); throws INVALID_TRANSITION when it does not apply. */
export function applyReport(job: { status: JobStatus; firm: boolean; revision: number; updatedAt: Date }, to: JobStatus): void {
  if (reportedStatus(job.status, to) === null) assertTransition(job.status, to);
  job.status = to;
  job.firm = isFirm(to);
  job.revision += 1;
  job.updatedAt = new Date();
}
