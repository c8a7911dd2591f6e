import {
  Controller,
  Get,
  Header,
  Module,
  ServiceUnavailableException,
  type DynamicModule,
  type InjectionToken,
} from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import type { ServiceConfig } from './config';
import { HealthService, READINESS_CHECKS, type ReadinessCheck } from './health.service';
import { ManagementServer, MANAGEMENT_PORT } from './management-server';

export { HealthService, type Readiness, type ReadinessCheck } from './health.service';

/** On a public port: whether the app is live and ready, for load balancers; no dependency, no error text. */
@Controller('health')
class PublicHealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    const { status } = await this.health.readiness();
    if (status !== 'ok') throw new ServiceUnavailableException({ status });
    return { status };
  }
}

/** On an internal port (an app without a public API): readiness with each dependency's answer, and the metrics. */
@Controller()
class ManagementController {
  constructor(private readonly health: HealthService) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ok') throw new ServiceUnavailableException(readiness);
    return readiness;
  }

  @Get('metrics')
  @Header('content-type', register.contentType)
  metrics() {
    return this.health.metrics();
  }
}

export interface HealthOptions {
  /**
   * The app (the `app` label on every series of the process), and where metrics and the detailed
   * readiness are served: with no managementPort on the app's own HTTP port (internal: the app has no
   * public API); with one, on a management listener of their own, while the app's own (public) port
   * says only whether it is live and ready.
   */
  config: Pick<ServiceConfig, 'serviceName' | 'managementPort'>;
  inject: InjectionToken[];
  useFactory: (...deps: never[]) => ReadinessCheck[];
}
let defaultMetricsCollected = false;

@Module({})
export class HealthModule {
  static register(options: HealthOptions): DynamicModule {
    // One app per process in a deployment; tests that run several in one process share one registry.
    register.setDefaultLabels({ app: options.config.serviceName });
    if (!defaultMetricsCollected) {
      collectDefaultMetrics();
      defaultMetricsCollected = true;
    }
    const { managementPort } = options.config;
    const separate = managementPort !== null;
    return {
      module: HealthModule,
      controllers: [separate ? PublicHealthController : ManagementController],
      providers: [
        { provide: READINESS_CHECKS, inject: options.inject, useFactory: options.useFactory },
        HealthService,
        ...(separate ? [{ provide: MANAGEMENT_PORT, useValue: managementPort }, ManagementServer] : []),
      ],
      exports: [HealthService, ...(separate ? [ManagementServer] : [])],
    };
  }
}
