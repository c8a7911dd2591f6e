import { AppError, issueDetails, type AppErrorPayload, type WireReply } from '@atelier/contracts';
import { ZodError } from 'zod';
import { isTransientInfrastructureError } from './infrastructure-errors';

/** The NATS server's default max_payload; the connection's own figure is used where known. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
/** An error's message and details stay small, whatever the handler threw (a list of 5,000 problems, say). */
const MAX_ERROR_MESSAGE_CHARS = 1_000;
const MAX_ERROR_DETAILS_BYTES = 16 * 1024;
/** Headers and framing that travel with a payload. */
const PAYLOAD_HEADROOM_BYTES = 4 * 1024;

export function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decode<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

/** The largest body that fits in one message of a server that accepts `maxPayload` bytes. */
export function payloadLimit(maxPayload: number | undefined): number {
  return (maxPayload ?? DEFAULT_MAX_PAYLOAD_BYTES) - PAYLOAD_HEADROOM_BYTES;
}

/**
 * Encodes a reply so it always fits in one message: an answer larger than the limit becomes a typed
 * PAYLOAD_TOO_LARGE error (a list that should have been paged, say) instead of a publish that throws.
 */
export function encodeReply(reply: WireReply<unknown>, limit: number): { bytes: Uint8Array; tooLarge: boolean } {
  const bytes = encode(reply.ok ? reply : { ok: false, error: capError(reply.error) });
  if (bytes.byteLength <= limit) return { bytes, tooLarge: false };
  const message = `The answer is too large to send (${bytes.byteLength} bytes; at most ${limit}): ask for less, e.g. a smaller page`;
  return {
    bytes: encode({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message } } satisfies WireReply<never>),
    tooLarge: true,
  };
}

/** Maps anything thrown by a handler to the payload a caller can act on. Unexpected errors say nothing internal. */
export function toErrorPayload(error: unknown): AppErrorPayload {
  if (error instanceof AppError) return capError(error.toPayload());
  if (error instanceof ZodError) {
    return capError({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      details: issueDetails(error),
    });
  }
  if (isTransientInfrastructureError(error)) {
    return { code: 'DEPENDENCY_UNAVAILABLE', message: 'A service this request needs is briefly unavailable; try again shortly' };
  }
  return { code: 'INTERNAL', message: 'Internal error' };
}

/** Keeps an error's message and details within bounds; a long list keeps its first items and says how many were left out. */
export function capError(error: AppErrorPayload): AppErrorPayload {
  const message =
    error.message.length > MAX_ERROR_MESSAGE_CHARS ? `${error.message.slice(0, MAX_ERROR_MESSAGE_CHARS)}…` : error.message;
  return { code: error.code, message, ...(error.details === undefined ? {} : { details: capDetails(error.details) }) };
}

function capDetails(details: unknown): unknown {
  const size = jsonLength(details);
  if (size !== null && size <= MAX_ERROR_DETAILS_BYTES) return details;
  if (!Array.isArray(details)) return undefined;
  const kept: unknown[] = [];
  let total = 0;
  for (const item of details) {
    const itemSize = (jsonLength(item) ?? Infinity) + 1;
    if (total + itemSize > MAX_ERROR_DETAILS_BYTES - 100) break;
    kept.push(item);
    total += itemSize;
  }
  return [...kept, { path: '', message: `… and ${details.length - kept.length} more` }];
}

function jsonLength(value: unknown): number | null {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return null;
  }
}
