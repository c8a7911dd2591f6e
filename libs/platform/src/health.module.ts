import { Controller, Get, HttpException, Inject, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const READINESS_CHECKS = Symbol('READINESS_CHECKS');
let defaultMetricsCollected = false;

@Controller()
class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready only when every connection the app needs answers. */
  @Get('health/ready')
  async ready() {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), 2_000);
          return { name, status: 'up' };
        } catch (error) {
          return { name, status: 'down', error: (error as Error).message };
        }
      }),
    );
    const body = { status: results.every((r) => r.status === 'up') ? 'ok' : 'unavailable', checks: results };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }

  @Get('metrics')
  async metrics() {
    return register.metrics();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]);
}

@Module({})
export class HealthModule {
  static register(options: { inject: InjectionToken[]; useFactory: (...deps: never[]) => ReadinessCheck[] }): DynamicModule {
    if (!defaultMetricsCollected) {
      collectDefaultMetrics();
      defaultMetricsCollected = true;
    }
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: options.inject, useFactory: options.useFactory }],
    };
  }
}
