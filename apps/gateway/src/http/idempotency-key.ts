import { AppError, idempotencyKeySchema } from '@atelier/contracts';

/** The optional Idempotency-Key header of an operator's create: when given, 1–200 characters. */
export function idempotencyKeyOf(header: string | undefined): { idempotencyKey?: string } {
  if (header === undefined) return {};
  if (!idempotencyKeySchema.safeParse(header).success) {
    throw new AppError('VALIDATION_FAILED', 'The Idempotency-Key header must be 1 to 200 characters', [
      { path: 'headers.idempotency-key', message: 'must be 1 to 200 characters' },
    ]);
  }
  return { idempotencyKey: header };
}
