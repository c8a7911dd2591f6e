import { AppError, type JobAction, type JobStatus } from '@atelier/contracts';

/** What can happen to a job: the supplier's actions, the offer's deadline passing, scheduling withdrawing it. */
export type JobMove = JobAction['action'] | 'expire' | 'cancel';

/**
 * The job's state machine, the one place that says which move is allowed from which status.
 * Progress and delay reports keep the status they were made in.
 */
const transitions: Record<JobStatus, Partial<Record<JobMove, JobStatus>>> = {
  planned: {},
  offered: { accept: 'accepted', reject: 'rejected', expire: 'expired', cancel: 'cancelled' },
  // Progress is reported on work that has started; a delay may be announced before it starts.
  accepted: { start: 'in_progress', delay: 'accepted', cancel: 'cancelled' },
  in_progress: { complete: 'completed', progress: 'in_progress', delay: 'in_progress' },
  completed: {},
  rejected: {},
  expired: {},
  cancelled: {},
};

export function canMove(from: JobStatus, move: JobMove): boolean {
  return transitions[from][move] !== undefined;
}

/** The status after `move`, or INVALID_TRANSITION (409) when the job's status does not allow it. */
export function nextStatus(from: JobStatus, move: JobMove): JobStatus {
  const to = transitions[from][move];
  if (to === undefined) {
    throw new AppError('INVALID_TRANSITION', `A job that is ${from} cannot be ${pastTense[move]}`, {
      status: from,
      action: move,
    });
  }
  return to;
}

const pastTense: Record<JobMove, string> = {
  accept: 'accepted',
  reject: 'rejected',
  start: 'started',
  progress: 'reported in progress',
  delay: 'delayed',
  complete: 'completed',
  expire: 'expired',
  cancel: 'cancelled',
};
