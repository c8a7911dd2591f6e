import { AppError } from '@atelier/contracts';

/**
 * An opaque cursor over a newest-first list: the arrival number of the last item seen.
 * Opaque so that clients do not build on it and we can change it.
 */
export function encodeCursor(seq: string): string {
  return Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const match = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', [{ path: 'cursor', message: 'not a cursor we issued' }]);
  return match[1];
}
