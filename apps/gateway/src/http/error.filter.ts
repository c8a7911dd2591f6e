import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, issueDetails, type ErrorCode } from '@atelier/contracts';
import { ZodError } from 'zod';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Every error answers `{ error: { code, message, details } }` with its status (API.md "Errors"). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const [status, body] = toHttp(exception);
    if (status >= 500 && status !== 503) this.logger.error((exception as Error)?.stack ?? String(exception));
    response.status(status).json(body);
  }
}

export function toHttp(exception: unknown): [number, ErrorBody] {
  if (exception instanceof AppError) {
    return [exception.status, { error: { code: exception.code, message: exception.message, details: exception.details } }];
  }
  if (exception instanceof ZodError) {
    const details = issueDetails(exception);
    return [400, { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid', details } }];
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = httpCodes[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    return [status, { error: { code, message: exception.message } }];
  }
  return [500, { error: { code: 'INTERNAL', message: 'Internal error' } }];
}

const httpCodes: Record<number, ErrorCode | 'UNSUPPORTED_MEDIA_TYPE' | 'FORBIDDEN'> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE',
};
