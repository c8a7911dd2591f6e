import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@atelier/contracts';

/**
 * Refuses text PostgreSQL cannot store (the NUL character) anywhere in a request's path, query or
 * body, so such input is a clear 400 here rather than a database error deep in a service.
 */
@Injectable()
export class InputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
    for (const [part, value] of Object.entries({ params: request.params, query: request.query, body: request.body })) {
      const path = nulCharacterAt(value, part);
      if (path)
        throw new AppError('VALIDATION_FAILED', 'Text may not contain the NUL character', [
          { path, message: 'contains \\u0000' },
        ]);
    }
    return true;
  }
}

export function nulCharacterAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key}`;
    const found = nulCharacterAt(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}
