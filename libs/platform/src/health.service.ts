import { Inject, Injectable } from '@nestjs/common';
import { withTimeout } from '@atelier/contracts';
import { register } from 'prom-client';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Array<{ name: string; status: 'up' | 'down'; error?: string }>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Whether every connection the app needs answers, and what each said. */
@Injectable()
export class HealthService {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  async readiness(): Promise<Readiness> {
    const checks = await Promise.all(
      this.checks.map(async ({ name, check }): Promise<Readiness['checks'][number]> => {
        try {
          await withTimeout(check(), 2_000);
          return { name, status: 'up' };
        } catch (error) {
          return { name, status: 'down', error: (error as Error).message };
        }
      }),
    );
    return { status: checks.every((c) => c.status === 'up') ? 'ok' : 'unavailable', checks };
  }

  metrics(): Promise<string> {
    return register.metrics();
  }
}
