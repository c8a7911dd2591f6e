import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'atl_';

/** A new bearer token: 32 random bytes, base64url, with a prefix that makes a leaked token easy to recognise. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What we store and what the gateway sends to authenticate: the sha256 of the token, lowercase hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
