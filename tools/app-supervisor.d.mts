// Types of app-supervisor.mjs, for its spec (the supervision itself is tested end to end: test/supervision.e2e-spec.ts).
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  resetAfterMs: number;
}
export const defaultRestartPolicy: RestartPolicy;
export class RestartBackoff {
  constructor(policy?: RestartPolicy);
  readonly policy: RestartPolicy;
  readonly restartsInARow: number;
  next(upMs: number): number;
}
