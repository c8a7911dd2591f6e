import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What suppliers stores and what the gateway sends to authenticate: a bearer token is only ever kept
 * and compared as its SHA-256, lowercase hex. Both sides must agree, so the rule lives here.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Two token hashes compared in constant time. */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}
