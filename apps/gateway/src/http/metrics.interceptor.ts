import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { finalize, type Observable } from 'rxjs';

const requestSeconds = new Histogram({
  name: 'atelier_http_request_duration_seconds',
  help: 'Gateway HTTP requests by route, method and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const stop = requestSeconds.startTimer();
    const http = context.switchToHttp();
    const request = http.getRequest<{ method: string; route?: { path: string } }>();
    return next.handle().pipe(
      finalize(() =>
        stop({
          method: request.method,
          route: request.route?.path ?? 'unknown',
          status: String(http.getResponse().statusCode),
        }),
      ),
    );
  }
}
