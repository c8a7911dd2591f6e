import { createHash, timingSafeEqual } from 'node:crypto';

/** Tokens are only ever stored and compared as SHA-256 hashes. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** The token of an `Authorization: Bearer <token>` header, however the scheme is spelled; null otherwise. */
export function bearerTokenOf(authorization: string | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? null;
}
