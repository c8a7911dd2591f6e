import { randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'atl_';

/** A new bearer token: 32 random bytes, base64url, with a prefix that makes a leaked token easy to recognise. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}
