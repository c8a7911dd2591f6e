import { z } from 'zod';
import type { AppErrorPayload, ErrorCode } from './errors';

/**
 * How every request's reply travels over NATS, whichever service answers and whichever asks:
 * either the data or a typed error, never a hang. (@atelier/messaging encodes it and keeps it within
 * the message limit.)
 */
export type WireReply<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

/** The same shape as a schema, for a caller that checks what it was sent. */
export function wireReplySchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({
      ok: z.literal(false),
      error: z.object({ code: z.string() as z.ZodType<ErrorCode>, message: z.string(), details: z.unknown().optional() }),
    }),
  ]);
}
