/** Error codes that travel over NATS and out of the HTTP API (API.md "Errors"). */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_TRANSITION'
  | 'INVALID_CONFIGURATION'
  | 'INVALID_MODEL'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_HARD'
  | 'RATE_LIMITED'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INTERNAL';

const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_MODEL: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  INVALID_TRANSITION: 409,
  INVALID_CONFIGURATION: 422,
  /** A request or its answer is larger than the route or the message bus carries. */
  PAYLOAD_TOO_LARGE: 413,
  /** Well-formed, but the reasoning it needs exceeds its budget (a model too hard to check in time). */
  TOO_HARD: 422,
  RATE_LIMITED: 429,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface AppErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A typed, expected failure. Services throw it; it crosses NATS intact and the gateway answers it as HTTP. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOf[this.code];
  }

  toPayload(): AppErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(payload: AppErrorPayload): AppError {
    return new AppError(payload.code in statusOf ? payload.code : 'INTERNAL', payload.message, payload.details);
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return statusOf[code] ?? 500;
}
