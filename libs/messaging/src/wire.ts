import { AppError, type AppErrorPayload } from '@atelier/contracts';
import { ZodError } from 'zod';

/** How a reply travels over NATS: either the data or a typed error, never a hang. */
export type WireReply<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

export function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decode<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

/** Maps anything thrown by a handler to the payload a caller can act on. Unexpected errors say nothing internal. */
export function toErrorPayload(error: unknown): AppErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  if (error instanceof ZodError) {
    return {
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      details: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  }
  return { code: 'INTERNAL', message: 'Internal error' };
}
